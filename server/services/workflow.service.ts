// The office workflow: phase changes, priority, reassignment and notes. Each runs in runTicketChange
// (office check, version check, audit) and writes its ticket_event and the citizens' mails in the
// same transaction. Public notes reach the reporter and supporters; internal ones reach nobody.
import type pg from 'pg';
import type { Config } from '../config.js';
import { findStaffTicket, type StaffTicketRow } from '../db/inbox.queries.js';
import { findOffice } from '../db/office.queries.js';
import {
  bumpVersion,
  insertEvent,
  updateOffice,
  updatePriority,
  updateStatus,
  type NewEvent,
} from '../db/workflow.queries.js';
import { AppError, badInput } from '../domain/app-error.js';
import { isPriority } from '../domain/priority.js';
import type { RejectReason } from '../domain/reject-reason.js';
import { requireTicketWrite } from '../domain/staff-access.js';
import { canPerform, invalidTransition, TICKET_ACTIONS } from '../domain/ticket-status.js';
import type { Viewer } from '../domain/viewer.js';
import { findOfficeOperator, updateAssignee } from '../db/assignment.queries.js';
import { updateAttachmentPublic } from '../db/attachment.queries.js';
import { canEdit, type TicketEdit } from '../domain/ticket-permissions.js';
import type { TicketStateRow } from '../db/workflow.queries.js';
import { notifyAssignee, notifyOffice, notifyTicketFollowers } from '../mail/notify.js';
import {
  cleanNote,
  expectUpdated,
  insertPublicChange,
  runTicketChange,
  type ExpectedVersion,
} from './ticket-change.js';

export type PhaseAction =
  'acknowledgeTicket' | 'startWork' | 'resolveTicket' | 'rejectTicket' | 'reopenTicket';

const PHASE_EVENT: Readonly<
  Record<PhaseAction, 'acknowledged' | 'started' | 'resolved' | 'rejected' | 'reopened'>
> = {
  acknowledgeTicket: 'acknowledged',
  startWork: 'started',
  resolveTicket: 'resolved',
  rejectTicket: 'rejected',
  reopenTicket: 'reopened',
};

export interface PhaseInput {
  id: number;
  version: ExpectedVersion;
  note?: string | null;
  public?: boolean | null;
  reason?: RejectReason | null;
}

export class WorkflowService {
  constructor(
    private readonly pool: pg.Pool,
    private readonly config: Config,
    private readonly municipalityId: number,
  ) {}

  private get deps() {
    return { pool: this.pool, config: this.config, municipalityId: this.municipalityId };
  }

  async reload(id: number): Promise<StaffTicketRow> {
    const row = await findStaffTicket(this.pool, this.municipalityId, id);
    if (!row) throw new AppError('NOT_FOUND', 'Segnalazione non trovata.');
    return row;
  }

  async changePhase(
    viewer: Viewer | null,
    action: PhaseAction,
    input: PhaseInput,
    address?: string,
  ): Promise<StaffTicketRow> {
    // Who asks comes before what is asked: an anonymous caller learns nothing about the input rules.
    requireTicketWrite(viewer);
    const note = cleanNote(input.note);
    if (action === 'resolveTicket' && (!note || input.public === false)) {
      throw badInput(
        'note',
        'Per concludere una segnalazione serve una nota pubblica per i cittadini.',
      );
    }
    if (action === 'rejectTicket' && !input.reason)
      throw badInput('reason', 'Indica il motivo del respingimento.');
    if (action === 'rejectTicket' && !note)
      throw badInput('note', 'Per respingere una segnalazione serve una nota.');
    // A resolution note is always public; other notes are public only when asked.
    const isPublic = action === 'resolveTicket' ? true : input.public === true;
    const to = TICKET_ACTIONS[action].to;
    await runTicketChange(
      this.deps,
      viewer,
      { ticketId: input.id, version: input.version, action: `ticket.${action}`, address },
      async (s) => {
        const rejectReason = action === 'rejectTicket' ? (input.reason ?? null) : null;
        const { from } = await applyPhase(s.tx, s.config, s.municipalityId, s.ticket, {
          action,
          actorStaffId: s.staff.staffId,
          note,
          isPublic,
          rejectReason,
          notify: true,
        });
        s.audit = { from, to, public: isPublic };
      },
    );
    return this.reload(input.id);
  }

  async setPriority(
    viewer: Viewer | null,
    input: { id: number; version: ExpectedVersion; priority: number; note?: string | null },
    address?: string,
  ): Promise<StaffTicketRow> {
    if (!isPriority(input.priority))
      throw badInput('priority', 'La priorità va da 1 (urgente) a 4 (bassa).');
    const note = cleanNote(input.note);
    await runTicketChange(
      this.deps,
      viewer,
      { ticketId: input.id, version: input.version, action: 'ticket.setPriority', address },
      async (s) => {
        requireEditable('setPriority', s.ticket);
        const version = expectUpdated(
          await updatePriority(
            s.tx,
            s.municipalityId,
            s.ticket.id,
            s.ticket.version,
            input.priority,
          ),
        );
        await this.event(s.tx, {
          ticketId: s.ticket.id,
          kind: 'priority',
          actorStaffId: s.staff.staffId,
          before: { priority: s.ticket.priority, version: s.ticket.version },
          after: { priority: input.priority, version },
          note,
          public: false,
        });
        s.audit = { from: s.ticket.priority, to: input.priority };
      },
    );
    return this.reload(input.id);
  }

  async reassign(
    viewer: Viewer | null,
    input: { id: number; version: ExpectedVersion; officeId: number; reason?: string | null },
    address?: string,
  ): Promise<StaffTicketRow> {
    const reason = cleanNote(input.reason, 'reason');
    await runTicketChange(
      this.deps,
      viewer,
      { ticketId: input.id, version: input.version, action: 'ticket.reassignTicket', address },
      async (s) => {
        requireEditable('reassignTicket', s.ticket);
        const [from, target] = [
          await findOffice(s.tx, s.municipalityId, s.ticket.office_id),
          await findOffice(s.tx, s.municipalityId, input.officeId),
        ];
        if (!target || !target.active)
          throw badInput('officeId', 'Ufficio di destinazione sconosciuto o non attivo.');
        if (target.id === s.ticket.office_id)
          throw badInput('officeId', 'La segnalazione è già assegnata a questo ufficio.');
        const version = expectUpdated(
          await updateOffice(s.tx, s.municipalityId, s.ticket.id, s.ticket.version, target.id),
        );
        await insertPublicChange(
          s.tx,
          s.municipalityId,
          {
            ticketId: s.ticket.id,
            kind: 'reassigned',
            actorStaffId: s.staff.staffId,
            before: { officeId: from?.id, officeName: from?.name, version: s.ticket.version },
            after: { officeId: target.id, officeName: target.name, version },
          },
          reason,
          false,
        );
        await notifyOffice(s.tx, s.config, s.municipalityId, target.id, s.ticket.id, 'reassigned');
        await notifyTicketFollowers(s.tx, s.config, s.municipalityId, s.ticket.id, {
          kind: 'reassigned',
          officeName: target.name,
        });
        s.audit = { from: from?.id, to: target.id };
      },
    );
    return this.reload(input.id);
  }

  async addNote(
    viewer: Viewer | null,
    input: { id: number; text: string; public?: boolean | null },
    address?: string,
  ): Promise<StaffTicketRow> {
    const text = cleanNote(input.text, 'text');
    if (!text) throw badInput('text', 'La nota è vuota.');
    const isPublic = input.public === true;
    await runTicketChange(
      this.deps,
      viewer,
      { ticketId: input.id, action: 'ticket.addNote', address },
      async (s) => {
        const version = await bumpVersion(s.tx, s.municipalityId, s.ticket.id);
        await this.event(s.tx, {
          ticketId: s.ticket.id,
          kind: 'note',
          actorStaffId: s.staff.staffId,
          before: { version: s.ticket.version },
          after: { version },
          note: text,
          public: isPublic,
        });
        if (isPublic)
          await notifyTicketFollowers(s.tx, s.config, s.municipalityId, s.ticket.id, {
            kind: 'note',
            publicNote: text,
          });
        s.audit = { public: isPublic };
      },
    );
    return this.reload(input.id);
  }

  /**
   * Assigns an open ticket to one active operator of its office, or back to the office as a whole
   * (assigneeId null). The single-ticket assignment: a bulk assignment should call this rule, not
   * repeat it. Versioned (CONFLICT when stale), an internal 'assigned' event, audited, and a mail to
   * the new assignee through the outbox, linking /ufficio/:id.
   */
  async assignTicket(
    viewer: Viewer | null,
    input: { id: number; version: ExpectedVersion; assigneeId: number | null },
    address?: string,
  ): Promise<StaffTicketRow> {
    await runTicketChange(
      this.deps,
      viewer,
      { ticketId: input.id, version: input.version, action: 'ticket.assignTicket', address },
      async (s) => {
        requireEditable('assignTicket', s.ticket);
        const assignee =
          input.assigneeId === null
            ? null
            : await findOfficeOperator(
                s.tx,
                s.municipalityId,
                s.ticket.office_id,
                input.assigneeId,
              );
        if (input.assigneeId !== null && !assignee)
          throw badInput(
            'assigneeId',
            'Si può assegnare la segnalazione solo a un operatore attivo del suo ufficio.',
          );
        if ((assignee?.id ?? null) === s.ticket.assignee_id)
          throw badInput('assigneeId', 'La segnalazione è già assegnata così.');
        const version = expectUpdated(
          await updateAssignee(
            s.tx,
            s.municipalityId,
            s.ticket.id,
            s.ticket.version,
            input.assigneeId,
          ),
        );
        await this.event(s.tx, {
          ticketId: s.ticket.id,
          kind: 'assigned',
          actorStaffId: s.staff.staffId,
          before: { assigneeId: s.ticket.assignee_id, version: s.ticket.version },
          after: {
            assigneeId: assignee?.id ?? null,
            assigneeEmail: assignee?.email ?? null,
            version,
          },
          note: null,
          public: false,
        });
        // Nobody is told that they assigned a ticket to themselves.
        if (assignee && assignee.id !== s.staff.staffId)
          await notifyAssignee(s.tx, s.config, s.municipalityId, s.ticket.id, assignee);
        s.audit = { from: s.ticket.assignee_id, to: assignee?.id ?? null };
      },
    );
    return this.reload(input.id);
  }

  /** Shows a photo on the tracking page or hides it (a face, a number plate): staff keep seeing it. */
  async setPhotoPublic(
    viewer: Viewer | null,
    input: { id: number; attachmentId: string; public: boolean },
    address?: string,
  ): Promise<StaffTicketRow> {
    const attachmentId = input.attachmentId.toLowerCase();
    if (!/^[0-9a-f-]{36}$/.test(attachmentId)) throw badInput('attachmentId', 'Foto non trovata.');
    await runTicketChange(
      this.deps,
      viewer,
      { ticketId: input.id, action: 'ticket.setPhotoPublic', address },
      async (s) => {
        const found = await updateAttachmentPublic(
          s.tx,
          s.municipalityId,
          s.ticket.id,
          attachmentId,
          input.public,
        );
        if (!found) throw badInput('attachmentId', 'Foto non trovata.');
        const version = await bumpVersion(s.tx, s.municipalityId, s.ticket.id);
        await this.event(s.tx, {
          ticketId: s.ticket.id,
          kind: 'photo',
          actorStaffId: s.staff.staffId,
          before: { version: s.ticket.version },
          after: { attachmentId, public: input.public, version },
          public: false,
        });
        s.audit = { attachmentId, public: input.public };
      },
    );
    return this.reload(input.id);
  }

  private event(tx: pg.PoolClient, e: NewEvent): Promise<void> {
    return insertEvent(tx, this.municipalityId, e);
  }
}

export interface PhaseMove {
  action: PhaseAction;
  actorStaffId: number | null;
  note: string | null;
  isPublic: boolean;
  rejectReason?: RejectReason | null;
  /**
   * Mail the ticket's followers about this ticket (the ordinary workflow). false: the caller mails them
   * itself, once per person for many tickets (an intervention: server/mail/notify-intervention.ts).
   */
  notify: boolean;
}

/**
 * One phase change of a ticket locked in the caller's transaction (runTicketChange or runTicketChangeIn):
 * the state machine's check, the versioned update, the public event (webhooks follow from it) and,
 * unless the caller mails itself, the followers' mails.
 */
export async function applyPhase(
  tx: pg.PoolClient,
  config: Config,
  municipalityId: number,
  ticket: TicketStateRow,
  move: PhaseMove,
): Promise<{ from: TicketStateRow['status']; to: TicketStateRow['status']; version: number }> {
  const { action } = move;
  const from = ticket.status;
  if (!canPerform(action, from)) throw invalidTransition(action, from);
  const to = TICKET_ACTIONS[action].to;
  const rejectReason = action === 'rejectTicket' ? (move.rejectReason ?? null) : null;
  const version = expectUpdated(
    await updateStatus(tx, municipalityId, ticket.id, {
      to,
      // The version checked by the frame (or, for 'current', read under its lock).
      version: ticket.version,
      rejectReason,
      reopen: action === 'reopenTicket',
    }),
  );
  await insertPublicChange(
    tx,
    municipalityId,
    {
      ticketId: ticket.id,
      kind: PHASE_EVENT[action],
      actorStaffId: move.actorStaffId,
      fromStatus: from,
      toStatus: to,
      before: { status: from, version: ticket.version, rejectReason: ticket.reject_reason },
      after: { status: to, version, rejectReason },
    },
    move.note,
    move.isPublic,
  );
  if (move.notify)
    await notifyTicketFollowers(tx, config, municipalityId, ticket.id, {
      kind: PHASE_EVENT[action],
      publicNote: move.isPublic ? move.note : null,
      rejectReason,
    });
  return { from, to, version };
}

/** Refuses an edit the ticket's state does not allow (ticket-permissions.ts: the same rule the page shows). */
function requireEditable(edit: TicketEdit, ticket: TicketStateRow): void {
  if (!canEdit(edit, ticket.status))
    throw new AppError(
      'TICKET_CLOSED',
      'La segnalazione è chiusa: riaprila prima di modificarla.',
      { status: ticket.status },
    );
}
