// Ticket states and the moves between them: the one table the workflow obeys.
import { AppError } from './app-error.js';

export const TICKET_STATUSES = [
  'received',
  'acknowledged',
  'in_progress',
  'resolved',
  'rejected',
  'duplicate',
] as const;

export type TicketStatus = (typeof TICKET_STATUSES)[number];

/**
 * Open tickets still need work; they are the ones citizens can join and staff see as backlog. The one list:
 * SQL text is built from it (server/db/ticket-status.sql.ts); what SQL must repeat (the partial indexes'
 * predicates, segnala_is_open and segnala_closed_at) is checked against it by test/integration/sql-rules.test.ts.
 */
export const OPEN_STATUSES: readonly TicketStatus[] = ['received', 'acknowledged', 'in_progress'];

/** Resolved, rejected and duplicate: every state that is not open. */
export const CLOSED_STATUSES: readonly TicketStatus[] = TICKET_STATUSES.filter(
  (s) => !OPEN_STATUSES.includes(s),
);

/**
 * The staff actions that move a ticket, named as the GraphQL mutations that perform them: where each
 * leads and from which states it may start. TRANSITIONS below is derived from this table.
 * startWork does not start from resolved or rejected: bringing a closed ticket back is reopenTicket.
 */
export const TICKET_ACTIONS = {
  acknowledgeTicket: { to: 'acknowledged', from: ['received'] },
  startWork: { to: 'in_progress', from: ['received', 'acknowledged'] },
  resolveTicket: { to: 'resolved', from: ['received', 'acknowledged', 'in_progress'] },
  rejectTicket: { to: 'rejected', from: ['received', 'acknowledged', 'in_progress'] },
  reopenTicket: { to: 'in_progress', from: ['resolved', 'rejected'] },
  markDuplicate: { to: 'duplicate', from: ['received', 'acknowledged', 'in_progress'] },
} as const satisfies Record<string, { to: TicketStatus; from: readonly TicketStatus[] }>;

export type TicketAction = keyof typeof TICKET_ACTIONS;

export const TICKET_ACTION_NAMES = Object.keys(TICKET_ACTIONS) as TicketAction[];

/** The actions allowed on a ticket in this state (for INVALID_TRANSITION messages and the UI). */
export function allowedActions(from: TicketStatus): TicketAction[] {
  return TICKET_ACTION_NAMES.filter((a) =>
    (TICKET_ACTIONS[a].from as readonly TicketStatus[]).includes(from),
  );
}

export function canPerform(action: TicketAction, from: TicketStatus): boolean {
  return (TICKET_ACTIONS[action].from as readonly TicketStatus[]).includes(from);
}

function deriveTransitions(): Record<TicketStatus, TicketStatus[]> {
  const table = Object.fromEntries(TICKET_STATUSES.map((s) => [s, [] as TicketStatus[]])) as Record<
    TicketStatus,
    TicketStatus[]
  >;
  for (const action of TICKET_ACTION_NAMES) {
    const { to, from } = TICKET_ACTIONS[action];
    for (const f of from) if (!table[f].includes(to)) table[f].push(to);
  }
  return table;
}

/** Every state a ticket may move to from each state (reopen leads back to in_progress). */
export const TRANSITIONS: Readonly<Record<TicketStatus, readonly TicketStatus[]>> =
  deriveTransitions();

export const STATUS_LABELS: Readonly<Record<TicketStatus, { it: string; en: string }>> = {
  received: { it: 'ricevuta', en: 'received' },
  acknowledged: { it: 'presa in carico', en: 'acknowledged' },
  in_progress: { it: 'in lavorazione', en: 'in progress' },
  resolved: { it: 'conclusa', en: 'resolved' },
  rejected: { it: 'respinta', en: 'rejected' },
  duplicate: { it: 'duplicata', en: 'duplicate' },
};

export function isOpen(ticket: { status: TicketStatus }): boolean {
  return OPEN_STATUSES.includes(ticket.status);
}

export function canTransition(from: TicketStatus, to: TicketStatus): boolean {
  return TRANSITIONS[from].includes(to);
}

export function isTicketStatus(value: unknown): value is TicketStatus {
  return typeof value === 'string' && (TICKET_STATUSES as readonly string[]).includes(value);
}

/** What each action does, in Italian, for error messages ("Non si può concludere…"). */
export const ACTION_LABELS: Readonly<Record<TicketAction, string>> = {
  acknowledgeTicket: 'prendere in carico',
  startWork: 'mettere in lavorazione',
  resolveTicket: 'concludere',
  rejectTicket: 'respingere',
  reopenTicket: 'riaprire',
  markDuplicate: 'segnare come duplicata',
};

/** INVALID_TRANSITION naming the moves that are allowed now (also in extensions.allowed). */
export function invalidTransition(action: TicketAction, from: TicketStatus): AppError {
  const allowed = allowedActions(from);
  const list = allowed.length
    ? allowed.map((a) => `${a} (${ACTION_LABELS[a]})`).join(', ')
    : 'nessuna';
  return new AppError(
    'INVALID_TRANSITION',
    `Non si può ${ACTION_LABELS[action]} una segnalazione «${STATUS_LABELS[from].it}». Azioni consentite: ${list}.`,
    { status: from, allowed },
  );
}
