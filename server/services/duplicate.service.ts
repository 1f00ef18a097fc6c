// markDuplicate: the duplicate is closed pointing to the original; its reporter and supporters become
// supporters of the original (once per address, never the original's own reporter; the count is
// recomputed from the rows, so nobody is counted twice); both timelines record it; the duplicate's
// followers are told which code to follow. Joining the duplicate later answers TICKET_CLOSED with the
// original's code (join.service reads duplicate_of).
import type pg from 'pg';
import type { Config } from '../config.js';
import type { StaffTicketRow } from '../db/inbox.queries.js';
import {
  findTicketState,
  insertEvent,
  mergeFollowers,
  recountSupporters,
  updateStatus,
} from '../db/workflow.queries.js';
import { badInput } from '../domain/app-error.js';
import { requireTicketWrite } from '../domain/staff-access.js';
import { canPerform, invalidTransition, isOpen } from '../domain/ticket-status.js';
import type { Viewer } from '../domain/viewer.js';
import { notifyTicketFollowers } from '../mail/notify.js';
import { cleanNote, expectUpdated, insertPublicChange, runTicketChange } from './ticket-change.js';
import type { WorkflowService } from './workflow.service.js';

export interface MarkDuplicateInput {
  id: number;
  version: number;
  originalId: number;
  note?: string | null;
  public?: boolean | null;
}

export class DuplicateService {
  constructor(
    private readonly pool: pg.Pool,
    private readonly config: Config,
    private readonly municipalityId: number,
    private readonly workflow: WorkflowService,
  ) {}

  async markDuplicate(
    viewer: Viewer | null,
    input: MarkDuplicateInput,
    address?: string,
  ): Promise<StaffTicketRow> {
    // Who asks comes before what is asked: an anonymous caller learns nothing about the input rules.
    requireTicketWrite(viewer);
    if (input.id === input.originalId)
      throw badInput('originalId', 'Una segnalazione non può essere duplicata di sé stessa.');
    const note = cleanNote(input.note);
    const isPublic = input.public === true;
    const deps = { pool: this.pool, config: this.config, municipalityId: this.municipalityId };
    await runTicketChange(
      deps,
      viewer,
      { ticketId: input.id, version: input.version, action: 'ticket.markDuplicate', address },
      async (s) => {
        if (!canPerform('markDuplicate', s.ticket.status))
          throw invalidTransition('markDuplicate', s.ticket.status);
        // Lock the original: joins and recounts on it queue behind this change.
        const original = await findTicketState(s.tx, s.municipalityId, input.originalId, true);
        if (!original) throw badInput('originalId', 'Segnalazione originale non trovata.');
        requireTicketWrite(s.staff, original.office_id);
        if (!isOpen(original))
          throw badInput(
            'originalId',
            `La segnalazione originale ${original.code} è chiusa: scegline una aperta.`,
          );

        const version = expectUpdated(
          await updateStatus(s.tx, s.municipalityId, s.ticket.id, {
            to: 'duplicate',
            version: input.version,
            duplicateOf: original.id,
          }),
        );
        const added = await mergeFollowers(s.tx, s.municipalityId, s.ticket.id, original.id);
        const counted = await recountSupporters(s.tx, s.municipalityId, original.id);
        await insertPublicChange(
          s.tx,
          s.municipalityId,
          {
            ticketId: s.ticket.id,
            kind: 'duplicate',
            actorStaffId: s.staff.staffId,
            fromStatus: s.ticket.status,
            toStatus: 'duplicate',
            before: { status: s.ticket.status, version: s.ticket.version },
            after: {
              status: 'duplicate',
              version,
              duplicateOf: original.id,
              duplicateOfCode: original.code,
            },
          },
          note,
          isPublic,
        );
        await insertEvent(s.tx, s.municipalityId, {
          ticketId: original.id,
          kind: 'merged',
          actorStaffId: s.staff.staffId,
          before: { version: original.version },
          after: {
            version: counted.version,
            duplicateId: s.ticket.id,
            duplicateCode: s.ticket.code,
            addedSupporters: added,
            supportersCount: counted.supporters_count,
          },
          note: null,
          public: true,
        });
        await notifyTicketFollowers(s.tx, s.config, s.municipalityId, s.ticket.id, {
          kind: 'duplicate',
          originalCode: original.code,
          publicNote: isPublic ? note : null,
        });
        s.audit = { originalId: original.id, originalCode: original.code, addedSupporters: added };
      },
    );
    return this.workflow.reload(input.id);
  }
}
