// Ticket states and the moves between them: the one table the workflow obeys.

export const TICKET_STATUSES = [
  'received',
  'acknowledged',
  'in_progress',
  'resolved',
  'rejected',
  'duplicate',
] as const;

export type TicketStatus = (typeof TICKET_STATUSES)[number];

/** Open tickets still need work; they are the ones citizens can join and staff see as backlog. */
export const OPEN_STATUSES: readonly TicketStatus[] = ['received', 'acknowledged', 'in_progress'];

export const TRANSITIONS: Readonly<Record<TicketStatus, readonly TicketStatus[]>> = {
  received: ['acknowledged', 'in_progress', 'resolved', 'rejected', 'duplicate'],
  acknowledged: ['in_progress', 'resolved', 'rejected', 'duplicate'],
  in_progress: ['resolved', 'rejected', 'duplicate'],
  resolved: ['in_progress'],
  rejected: ['in_progress'],
  duplicate: [],
};

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
