// The score that ranks intervention candidates (a street's open reports of one office, or a cluster of
// likely duplicates), their estimated cost from the categories' unit costs, and tickets closed per
// 1,000 €. The one home of the formula: the GraphQL description quotes SCORE_FORMULA, and
// test/integration/interventions.test.ts recomputes it independently.

export interface CandidateTicketFacts {
  supporters: number;
  /** Open past its due date (segnala_is_overdue). */
  overdue: boolean;
  /** Reported near a ticket of the same category resolved in the 90 days before (segnala_is_recurrence). */
  recurrence: boolean;
  ageDays: number;
  /** 1 urgente … 4 bassa. */
  priority: number;
  /** The category's unit cost in euro, or null (DEFAULT_UNIT_COST_EUR). */
  unitCostEur: number | null;
}

export const SCORE_WEIGHTS = {
  perTicket: 10,
  perSupporter: 2,
  overdueShare: 30,
  perRecurrence: 5,
  perMeanAgeDay: 0.1,
  /** Mean age counts up to a year. */
  maxMeanAgeDays: 365,
  /** Per ticket, (4 − priority): urgente 3, alta 2, normale 1, bassa 0. */
  perPriorityPoint: 4,
} as const;

/** A category without a unit cost counts this much per report. */
export const DEFAULT_UNIT_COST_EUR = 200;

export const SCORE_FORMULA =
  'score = 10 × open tickets + 2 × supporters + 30 × overdue share (0–1) + 5 × recurrences ' +
  '+ 0.1 × min(mean age in days, 365) + 4 × Σ(4 − priority) (urgente 3 … bassa 0), rounded to 0.01';

const round2 = (x: number): number => Math.round(x * 100) / 100;

export function candidateScore(tickets: readonly CandidateTicketFacts[]): number {
  const n = tickets.length;
  if (n === 0) return 0;
  const w = SCORE_WEIGHTS;
  const sum = (f: (t: CandidateTicketFacts) => number) => tickets.reduce((s, t) => s + f(t), 0);
  const overdueShare = sum((t) => (t.overdue ? 1 : 0)) / n;
  const meanAge = sum((t) => t.ageDays) / n;
  return round2(
    w.perTicket * n +
      w.perSupporter * sum((t) => t.supporters) +
      w.overdueShare * overdueShare +
      w.perRecurrence * sum((t) => (t.recurrence ? 1 : 0)) +
      w.perMeanAgeDay * Math.min(meanAge, w.maxMeanAgeDays) +
      w.perPriorityPoint * sum((t) => 4 - t.priority),
  );
}

export function candidateCost(tickets: readonly CandidateTicketFacts[]): number {
  return round2(tickets.reduce((s, t) => s + (t.unitCostEur ?? DEFAULT_UNIT_COST_EUR), 0));
}

/** Tickets closed per 1,000 € (null for a candidate that costs nothing). */
export function ticketsPer1000Euro(ticketCount: number, costEur: number): number | null {
  return costEur > 0 ? round2((ticketCount * 1000) / costEur) : null;
}
