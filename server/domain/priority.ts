// Intervention priority: 1 urgente … 4 bassa, set by staff; and a suggested priority computed from
// how far the ticket is into its SLA, how many citizens joined it, how many open reports of the same
// category sit nearby (within the category's duplicate radius) and how urgent the category is.
// The inbox sorts by the same score in SQL: server/db/priority.sql.ts builds that expression from
// PRIORITY_WEIGHTS and CATEGORY_POINTS below, and test/integration/sql-rules.test.ts checks that it gives
// suggestPriority's score on many inputs.

export const PRIORITIES = [1, 2, 3, 4] as const;
export type Priority = (typeof PRIORITIES)[number];

export const PRIORITY_LABELS: Readonly<Record<Priority, { it: string; en: string }>> = {
  1: { it: 'urgente', en: 'urgent' },
  2: { it: 'alta', en: 'high' },
  3: { it: 'normale', en: 'normal' },
  4: { it: 'bassa', en: 'low' },
};

export function isPriority(value: unknown): value is Priority {
  return typeof value === 'number' && (PRIORITIES as readonly number[]).includes(value);
}

export interface PriorityInputs {
  /** Hours since the report (until it was closed, for closed tickets). */
  ageHours: number;
  /** The category's SLA target in hours. */
  slaHours: number;
  supporters: number;
  /** Other open reports of the same category within the category's duplicate radius. */
  nearbyOpen: number;
}

export type PriorityComponentName = 'sla' | 'supporters' | 'cluster' | 'category';

export interface PriorityComponent {
  name: PriorityComponentName;
  /** Points this component adds to the score (0–100 in total). */
  points: number;
  /** The most it can add. */
  max: number;
  /** The measured input: SLA fraction used, supporters, nearby open reports, SLA hours. */
  input: number;
  label: { it: string; en: string };
}

export interface SuggestedPriority {
  value: Priority;
  score: number;
  components: PriorityComponent[];
}

export const PRIORITY_WEIGHTS = {
  /** 30 points at the due date, growing to 45 at one and a half times the SLA. */
  slaPerRatio: 30,
  slaMax: 45,
  perSupporter: 4,
  supportersMax: 20,
  perNearby: 5,
  clusterMax: 15,
} as const;

/**
 * Short-SLA categories (fallen trees) are urgent by nature; long-SLA ones (pavements) less so: the points of the
 * first row whose maxSlaHours the category's SLA does not pass (the last row, without a bound, takes the rest).
 */
export const CATEGORY_POINTS: readonly { maxSlaHours: number | null; points: number }[] = [
  { maxSlaHours: 24, points: 20 },
  { maxSlaHours: 72, points: 12 },
  { maxSlaHours: 168, points: 6 },
  { maxSlaHours: null, points: 2 },
];

const CATEGORY_MAX = Math.max(...CATEGORY_POINTS.map((r) => r.points));

export function categoryPoints(slaHours: number): number {
  const row = CATEGORY_POINTS.find((r) => r.maxSlaHours === null || slaHours <= r.maxSlaHours);
  return row?.points ?? 0;
}

/** Score thresholds: ≥ 60 urgente, ≥ 40 alta, ≥ 20 normale, else bassa. */
export function priorityForScore(score: number): Priority {
  if (score >= 60) return 1;
  if (score >= 40) return 2;
  if (score >= 20) return 3;
  return 4;
}

/** To one decimal, halves up; SQL repeats it as floor(n * 10 + 0.5) / 10, the same float8 operations. */
function round1(n: number): number {
  return Math.floor(n * 10 + 0.5) / 10;
}

export function suggestPriority(inputs: PriorityInputs): SuggestedPriority {
  const w = PRIORITY_WEIGHTS;
  const ratio = Math.max(0, inputs.ageHours) / Math.max(1, inputs.slaHours);
  const components: PriorityComponent[] = [
    {
      name: 'sla',
      points: round1(Math.min(w.slaMax, w.slaPerRatio * ratio)),
      max: w.slaMax,
      input: round1(ratio),
      label: { it: 'Tempo trascorso rispetto allo SLA', en: 'Time elapsed against the SLA' },
    },
    {
      name: 'supporters',
      points: Math.min(w.supportersMax, w.perSupporter * inputs.supporters),
      max: w.supportersMax,
      input: inputs.supporters,
      label: { it: 'Cittadini che si sono associati', en: 'Citizens who joined' },
    },
    {
      name: 'cluster',
      points: Math.min(w.clusterMax, w.perNearby * inputs.nearbyOpen),
      max: w.clusterMax,
      input: inputs.nearbyOpen,
      label: {
        it: 'Segnalazioni aperte vicine della stessa categoria',
        en: 'Open reports of the same category nearby',
      },
    },
    {
      name: 'category',
      points: categoryPoints(inputs.slaHours),
      max: CATEGORY_MAX,
      input: inputs.slaHours,
      label: { it: 'Urgenza della categoria', en: 'Urgency of the category' },
    },
  ];
  const score = round1(components.reduce((sum, c) => sum + c.points, 0));
  return { value: priorityForScore(score), score, components };
}
