// What a viewer may do with one ticket now: the phase moves of the transition table (ticket-status.ts)
// plus the edits that are not moves, each with the states it needs. The staff ticket page shows exactly
// these (StaffTicket.availableActions), and the services refuse the rest with the same rules.
import { canWriteTicket } from './staff-access.js';
import { allowedActions, isOpen, type TicketAction, type TicketStatus } from './ticket-status.js';
import type { Viewer } from './viewer.js';

/** Edits that change no phase, named as their mutations, and whether they need an open ticket. */
export const TICKET_EDITS = {
  setPriority: { openOnly: true },
  reassignTicket: { openOnly: true },
  assignTicket: { openOnly: true },
  addNote: { openOnly: false },
  setPhotoPublic: { openOnly: false },
  setAttachmentPublic: { openOnly: false },
  // Personal data can be taken out of the public text at any time, closed tickets included.
  moderateTicket: { openOnly: false },
  // Only an open ticket goes to a contractor (contractor.service.ts refuses a closed one).
  forwardToContractor: { openOnly: true },
  // A link can be revoked in any phase: closing a ticket does not revoke it, and reopening the ticket
  // would make a forgotten link work again.
  revokeContractorLink: { openOnly: false },
} as const satisfies Record<string, { openOnly: boolean }>;

export type TicketEdit = keyof typeof TICKET_EDITS;
export type StaffTicketAction = TicketAction | TicketEdit;

export const TICKET_EDIT_NAMES = Object.keys(TICKET_EDITS) as TicketEdit[];

export function canEdit(edit: TicketEdit, status: TicketStatus): boolean {
  return !TICKET_EDITS[edit].openOnly || isOpen({ status });
}

/** Every action this viewer may take on a ticket of this office in this state; none for readers only. */
export function availableActions(
  viewer: Viewer,
  ticket: { status: TicketStatus; officeId: number },
): StaffTicketAction[] {
  if (!canWriteTicket(viewer, ticket.officeId)) return [];
  return [
    ...allowedActions(ticket.status),
    ...TICKET_EDIT_NAMES.filter((e) => canEdit(e, ticket.status)),
  ];
}
