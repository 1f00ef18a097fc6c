// Intervention states and the moves between them: the one table the intervention workflow obeys,
// derived from named actions as domain/ticket-status.ts does for tickets. Plus the rules of an
// intervention's input (title, cost, dates) that every write checks before touching anything.
import { AppError, badInput } from './app-error.js';

export const INTERVENTION_STATUSES = [
  'planned',
  'scheduled',
  'in_progress',
  'completed',
  'cancelled',
] as const;
export type InterventionStatus = (typeof INTERVENTION_STATUSES)[number];

/** Still to be done: its tickets are held by it, new reports in its area may join it. */
export const ACTIVE_INTERVENTION_STATUSES: readonly InterventionStatus[] = [
  'planned',
  'scheduled',
  'in_progress',
];

export function isActiveIntervention(i: { status: InterventionStatus }): boolean {
  return ACTIVE_INTERVENTION_STATUSES.includes(i.status);
}

/** The actions that move an intervention, named as the GraphQL mutations that perform them. */
export const INTERVENTION_ACTIONS = {
  scheduleIntervention: { to: 'scheduled', from: ['planned'] },
  startIntervention: { to: 'in_progress', from: ['planned', 'scheduled'] },
  completeIntervention: { to: 'completed', from: ['scheduled', 'in_progress'] },
  cancelIntervention: { to: 'cancelled', from: ['planned', 'scheduled', 'in_progress'] },
} as const satisfies Record<
  string,
  { to: InterventionStatus; from: readonly InterventionStatus[] }
>;
export type InterventionAction = keyof typeof INTERVENTION_ACTIONS;

export const INTERVENTION_ACTION_NAMES = Object.keys(INTERVENTION_ACTIONS) as InterventionAction[];

export function allowedInterventionActions(from: InterventionStatus): InterventionAction[] {
  return INTERVENTION_ACTION_NAMES.filter((a) =>
    (INTERVENTION_ACTIONS[a].from as readonly InterventionStatus[]).includes(from),
  );
}

export const INTERVENTION_STATUS_LABELS: Readonly<
  Record<InterventionStatus, { it: string; en: string }>
> = {
  planned: { it: 'pianificato', en: 'planned' },
  scheduled: { it: 'programmato', en: 'scheduled' },
  in_progress: { it: 'in corso', en: 'in progress' },
  completed: { it: 'concluso', en: 'completed' },
  cancelled: { it: 'annullato', en: 'cancelled' },
};

/** INVALID_TRANSITION naming the moves allowed now (also in extensions.allowed). */
export function requireInterventionAction(
  action: InterventionAction,
  from: InterventionStatus,
): InterventionStatus {
  if ((INTERVENTION_ACTIONS[action].from as readonly InterventionStatus[]).includes(from))
    return INTERVENTION_ACTIONS[action].to;
  const allowed = allowedInterventionActions(from);
  throw new AppError(
    'INVALID_TRANSITION',
    `Non si può eseguire ${action} su un intervento «${INTERVENTION_STATUS_LABELS[from].it}». Azioni consentite: ${allowed.join(', ') || 'nessuna'}.`,
    { status: from, allowed },
  );
}

/** Refuses a change (link, reschedule) of an intervention that is completed or cancelled. */
export function requireActiveIntervention(i: { status: InterventionStatus }): void {
  if (!isActiveIntervention(i))
    throw new AppError(
      'INVALID_TRANSITION',
      `L'intervento è ${INTERVENTION_STATUS_LABELS[i.status].it}: non si può più modificare.`,
      { status: i.status, allowed: [] },
    );
}

export const MAX_INTERVENTION_TICKETS = 500;
export const MAX_INTERVENTION_COST_EUR = 100_000_000;
/** A programme reaches at most ten years ahead. */
const MAX_PLAN_DAYS = 3653;

export function validateTitle(title: string): string {
  const t = title.trim();
  if (!t) throw badInput('title', "Il titolo dell'intervento è vuoto.");
  if (t.length > 200) throw badInput('title', 'Il titolo supera i 200 caratteri.');
  return t;
}

export function validateCost(cost: number, field = 'estimatedCost'): number {
  if (!Number.isFinite(cost) || cost < 0)
    throw badInput(field, 'Il costo stimato deve essere un importo in euro maggiore o uguale a 0.');
  if (cost > MAX_INTERVENTION_COST_EUR)
    throw badInput(field, `Il costo stimato supera ${MAX_INTERVENTION_COST_EUR} €.`);
  return Math.round(cost * 100) / 100;
}

/** A calendar day, YYYY-MM-DD (the planned dates are days in Europe/Rome, not instants). */
export function parseDay(value: string, field: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value.trim());
  const date = m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : null;
  if (!m || !date || date.toISOString().slice(0, 10) !== value.trim())
    throw badInput(field, 'Data non valida: usa il formato AAAA-MM-GG.');
  return value.trim();
}

export function validatePlannedDates(start: string, end: string): { start: string; end: string } {
  const s = parseDay(start, 'plannedStart');
  const e = parseDay(end, 'plannedEnd');
  if (e < s) throw badInput('plannedEnd', 'La fine prevista precede l’inizio.');
  if ((Date.parse(e) - Date.parse(s)) / 86_400_000 > MAX_PLAN_DAYS)
    throw badInput('plannedEnd', 'Un intervento dura al massimo dieci anni.');
  return { start: s, end: e };
}

const MONTHS = {
  it: [
    'gennaio',
    'febbraio',
    'marzo',
    'aprile',
    'maggio',
    'giugno',
    'luglio',
    'agosto',
    'settembre',
    'ottobre',
    'novembre',
    'dicembre',
  ],
  en: [
    'January',
    'February',
    'March',
    'April',
    'May',
    'June',
    'July',
    'August',
    'September',
    'October',
    'November',
    'December',
  ],
} as const;

/** "15 marzo 2027" / "15 March 2027" for a YYYY-MM-DD day (no time zone: it is a calendar day). */
export function formatDay(day: string, locale: 'it' | 'en'): string {
  const [y, m, d] = day.split('-').map(Number);
  return `${d} ${MONTHS[locale][m - 1]} ${y}`;
}

/** The public note each linked ticket gets: "intervento programmato per il 15 marzo 2027". */
export function plannedNote(day: string): string {
  return `Intervento programmato per il ${formatDay(day, 'it')}.`;
}
