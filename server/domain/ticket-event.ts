// The kinds of ticket_event: what can appear in a ticket's history. The one list in code; SQL repeats it
// in ticket_event_kind_check (latest in sql/063) and the dashboard names each in both languages
// (tracking.event in dashboard/src/i18n): test/unit/ticket-event-kinds.test.ts keeps the three equal.
export const TICKET_EVENT_KINDS = [
  'received',
  'acknowledged',
  'started',
  'resolved',
  'rejected',
  'reopened',
  'supported',
  'priority',
  'reassigned',
  'duplicate',
  'merged',
  'note',
  'assigned',
  'photo',
  'forwarded',
  'contractor_note',
  'contractor_done',
  'contractor_revoked',
  'moderated',
  'restored',
] as const;

export type TicketEventKind = (typeof TICKET_EVENT_KINDS)[number];
