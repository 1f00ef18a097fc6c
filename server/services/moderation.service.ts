// Moderation of what the public reads of a report (issue 15, part 2): an operator of the ticket's office
// (or an admin) rewrites its public title and description, with a reason; the citizen's original stays
// for the office, the before/after texts for admins (ticket_moderation, deleted with the reporter's
// contact by the retention job), and the reporter is told why. Photos are shown or hidden one by one
// (setAttachmentPublic), which also approves a photo awaiting approval.
import type pg from 'pg';
import type { Config } from '../config.js';
import { findAttachmentTicket } from '../db/attachment.queries.js';
import { findStaffTicket, type StaffTicketRow } from '../db/inbox.queries.js';
import { insertModeration, listModerations, type ModerationRow } from '../db/moderation.queries.js';
import { findTicketText, updatePublicText } from '../db/public-text.queries.js';
import { insertEvent } from '../db/workflow.queries.js';
import { AppError, badInput } from '../domain/app-error.js';
import { moderationReasonLabel, parseModerationReason } from '../domain/moderation-reason.js';
import { maskPersonalData } from '../domain/personal-data-mask.js';
import { DESCRIPTION_MAX, TITLE_MAX } from '../domain/report.js';
import { requireTicketRead, requireTicketWrite } from '../domain/staff-access.js';
import type { Viewer } from '../domain/viewer.js';
import { notifyReporterModerated } from '../mail/notify.js';
import { expectUpdated, runTicketChange } from './ticket-change.js';
import type { WorkflowService } from './workflow.service.js';

export interface ModerationInput {
  id: number;
  version: number;
  publicTitle: string;
  publicDescription: string;
  reason: string;
}

function publicText(value: string, field: string, max: number): string {
  const text = value.trim();
  if (text.length === 0) throw badInput(field, 'Il testo pubblico non può essere vuoto.');
  if (text.length > max) throw badInput(field, `Il testo pubblico supera i ${max} caratteri.`);
  // Whatever the operator typed, personal data does not reach the public either.
  return maskPersonalData(text);
}

export class ModerationService {
  constructor(
    private readonly pool: pg.Pool,
    private readonly config: Config,
    private readonly municipalityId: number,
    private readonly workflow: WorkflowService,
  ) {}

  async moderateTicket(
    viewer: Viewer | null,
    input: ModerationInput,
    address?: string,
  ): Promise<StaffTicketRow> {
    // Who asks comes before what is asked.
    requireTicketWrite(viewer);
    const title = publicText(input.publicTitle, 'publicTitle', TITLE_MAX);
    const description = publicText(input.publicDescription, 'publicDescription', DESCRIPTION_MAX);
    const reason = parseModerationReason(input.reason);
    await runTicketChange(
      { pool: this.pool, config: this.config, municipalityId: this.municipalityId },
      viewer,
      { ticketId: input.id, version: input.version, action: 'ticket.moderateTicket', address },
      async (s) => {
        const current = await findTicketText(s.tx, s.municipalityId, s.ticket.id);
        if (!current) throw new AppError('NOT_FOUND', 'Segnalazione non trovata.');
        const before = {
          title: current.public_title ?? maskPersonalData(current.title),
          description: current.public_description ?? maskPersonalData(current.description),
        };
        if (before.title === title && before.description === description)
          throw badInput('publicDescription', 'Il testo pubblico è già questo: nulla da cambiare.');
        const version = expectUpdated(
          await updatePublicText(
            s.tx,
            s.municipalityId,
            s.ticket.id,
            input.version,
            title,
            description,
          ),
        );
        const moderationId = await insertModeration(s.tx, s.municipalityId, {
          ticketId: s.ticket.id,
          actorStaffId: s.staff.staffId,
          reasonCode: reason.code,
          reasonText: reason.text,
          before,
          after: { title, description },
        });
        // Internal, and without the texts: those live in ticket_moderation alone, for the admins.
        await insertEvent(s.tx, s.municipalityId, {
          ticketId: s.ticket.id,
          kind: 'moderated',
          actorStaffId: s.staff.staffId,
          before: { version: s.ticket.version },
          after: { version, moderationId, reason: reason.code },
          public: false,
        });
        await notifyReporterModerated(s.tx, s.config, s.municipalityId, s.ticket.id, {
          reason: (locale) => moderationReasonLabel(reason, locale),
          title,
          description,
        });
        s.audit = { moderationId, reason: reason.code };
      },
    );
    return this.reload(input.id);
  }

  /** Shows or hides one photo by its own id (and so approves one awaiting approval); audited. */
  async setAttachmentPublic(
    viewer: Viewer | null,
    input: { id: string; public: boolean },
    address?: string,
  ): Promise<StaffTicketRow> {
    requireTicketWrite(viewer);
    const id = input.id.toLowerCase();
    if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(id))
      throw badInput('id', 'Foto non trovata.');
    const ticketId = await findAttachmentTicket(this.pool, this.municipalityId, id);
    if (ticketId === undefined) throw new AppError('NOT_FOUND', 'Foto non trovata.');
    return this.workflow.setPhotoPublic(
      viewer,
      { id: ticketId, attachmentId: id, public: input.public },
      address,
    );
  }

  /** The moderation history with the texts it replaced: admins only (they may hold personal data). */
  async history(viewer: Viewer | null, ticket: StaffTicketRow): Promise<ModerationRow[] | null> {
    const staff = requireTicketRead(viewer, ticket.office_id);
    if (staff.role !== 'admin' || (staff.scopes !== null && !staff.scopes.includes('admin')))
      return null;
    return listModerations(this.pool, this.municipalityId, ticket.id);
  }

  private async reload(id: number): Promise<StaffTicketRow> {
    const row = await findStaffTicket(this.pool, this.municipalityId, id);
    if (!row) throw new AppError('NOT_FOUND', 'Segnalazione non trovata.');
    return row;
  }
}
