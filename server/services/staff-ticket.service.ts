// One ticket as staff see it: everything, plus the reporter's contact for the operators of its office
// and admins (planners get null), the full history including internal notes. Reading a reporter's
// contact is written to the audit log.
import type pg from 'pg';
import { insertAudit } from '../db/audit.queries.js';
import {
  findReporter,
  findStaffTicket,
  listTicketEvents,
  type ReporterRow,
  type StaffTicketRow,
  type TicketEventRow,
} from '../db/inbox.queries.js';
import { listOfficeOperators, type OfficeOperatorRow } from '../db/assignment.queries.js';
import { listTicketAttachments, type AttachmentMetaRow } from '../db/attachment.queries.js';
import { findTicketFollowers } from '../db/outbox.queries.js';
import { AppError } from '../domain/app-error.js';
import { availableActions, type StaffTicketAction } from '../domain/ticket-permissions.js';
import { suggestPriority, type SuggestedPriority } from '../domain/priority.js';
import { canSeeReporter, canWriteTicket, requireTicketRead } from '../domain/staff-access.js';
import type { Viewer } from '../domain/viewer.js';

export class StaffTicketService {
  constructor(
    private readonly pool: pg.Pool,
    private readonly municipalityId: number,
  ) {}

  async get(viewer: Viewer | null, id: number): Promise<StaffTicketRow> {
    const staff = requireTicketRead(viewer);
    const row = await findStaffTicket(this.pool, this.municipalityId, id);
    if (!row) throw new AppError('NOT_FOUND', 'Segnalazione non trovata.');
    requireTicketRead(staff, row.office_id);
    return row;
  }

  /** The reporter's contact, or null when the viewer may not see it (or it was anonymised). */
  async reporter(
    viewer: Viewer | null,
    ticket: StaffTicketRow,
    address?: string,
  ): Promise<ReporterRow | null> {
    const staff = requireTicketRead(viewer, ticket.office_id);
    if (!canSeeReporter(staff, ticket.office_id)) return null;
    const row = await findReporter(this.pool, this.municipalityId, ticket.id);
    if (!row || row.anonymised_at) return null;
    await insertAudit(this.pool, this.municipalityId, {
      actorStaffId: staff.staffId,
      action: 'ticket.viewReporter',
      target: `ticket:${ticket.id}`,
      details: { code: ticket.code },
      address,
    });
    return row;
  }

  /** The full history, internal notes included. */
  events(viewer: Viewer | null, ticket: StaffTicketRow): Promise<TicketEventRow[]> {
    requireTicketRead(viewer, ticket.office_id);
    return listTicketEvents(this.pool, this.municipalityId, ticket.id);
  }

  /** Every photo of the ticket, hidden ones included (the viewer may read the ticket). */
  attachments(viewer: Viewer | null, ticket: StaffTicketRow): Promise<AttachmentMetaRow[]> {
    requireTicketRead(viewer, ticket.office_id);
    return listTicketAttachments(this.pool, this.municipalityId, ticket.id, true);
  }

  /** What this viewer may do with the ticket now (domain/ticket-permissions.ts). */
  availableActions(viewer: Viewer | null, ticket: StaffTicketRow): StaffTicketAction[] {
    const staff = requireTicketRead(viewer, ticket.office_id);
    return availableActions(staff, { status: ticket.status, officeId: ticket.office_id });
  }

  /** The operators the ticket may be assigned to; none for a viewer who may not assign it. */
  async assignableStaff(
    viewer: Viewer | null,
    ticket: StaffTicketRow,
  ): Promise<OfficeOperatorRow[]> {
    const staff = requireTicketRead(viewer, ticket.office_id);
    if (!canWriteTicket(staff, ticket.office_id)) return [];
    return listOfficeOperators(this.pool, this.municipalityId, ticket.office_id);
  }

  /**
   * Who a public reply reaches now: read with the very query the mailer sends to (findTicketFollowers),
   * so a reporter without an e-mail, unsubscribed or anonymised, and an unsubscribed supporter, count
   * as nobody here as they get no mail.
   */
  async replyRecipients(
    viewer: Viewer | null,
    ticket: StaffTicketRow,
  ): Promise<{ reporter: boolean; supporters: number }> {
    requireTicketRead(viewer, ticket.office_id);
    const followers = await findTicketFollowers(this.pool, this.municipalityId, ticket.id);
    return {
      reporter: followers.some((f) => f.role === 'reporter'),
      supporters: followers.filter((f) => f.role === 'supporter').length,
    };
  }

  suggestedPriority(ticket: StaffTicketRow): SuggestedPriority {
    return suggestPriority({
      ageHours: ticket.age_hours,
      slaHours: ticket.sla_hours,
      supporters: ticket.supporters_count,
      nearbyOpen: ticket.nearby_open,
    });
  }
}
