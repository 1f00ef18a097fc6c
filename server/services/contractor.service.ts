// External contractors: admins keep the list; operators forward a ticket of their office to one with
// instructions, through the staff change frame (ticket-change.ts): the ticket goes in lavorazione (or
// keeps its phase), a public "affidata a una ditta esterna" step (naming the firm only when the office
// chooses), a new link whose token only the contractor's mail carries, and the mail, in one transaction.
import type pg from 'pg';
import type { Config } from '../config.js';
import { insertAudit } from '../db/audit.queries.js';
import {
  contractorNameTaken,
  countCategories,
  findContractor,
  findTicketContractor,
  findTicketPlace,
  insertContractor,
  insertContractorLink,
  listContractors,
  revokeTicketLinks,
  setContractorDisabled,
  updateContractor,
  type ContractorRow,
  type TicketContractorRow,
} from '../db/contractor.queries.js';
import { withTransaction } from '../db/pool.js';
import { bumpVersion, insertEvent, updateStatus } from '../db/workflow.queries.js';
import { AppError, badInput } from '../domain/app-error.js';
import { validateContractor, validateLinkDays } from '../domain/contractor.js';
import { requireAdmin, requireTicketRead, requireTicketWrite } from '../domain/staff-access.js';
import { canEdit } from '../domain/ticket-permissions.js';
import { canPerform } from '../domain/ticket-status.js';
import type { Viewer } from '../domain/viewer.js';
import { notifyContractor, notifyTicketFollowers } from '../mail/notify.js';
import { newContractorToken } from './contractor-token.js';
import { cleanNote, expectUpdated, runTicketChange } from './ticket-change.js';

export interface ForwardInput {
  id: number;
  version: number;
  contractorId: number;
  instructions?: string | null;
  showNameToCitizen?: boolean | null;
  expiresInDays?: number | null;
}

export class ContractorService {
  constructor(
    private readonly pool: pg.Pool,
    private readonly config: Config,
    private readonly municipalityId: number,
  ) {}

  private get deps() {
    return { pool: this.pool, config: this.config, municipalityId: this.municipalityId };
  }

  /** Operators (to choose one) and admins; disabled ones only when asked, for admins. */
  list(viewer: Viewer | null, includeDisabled = false): Promise<ContractorRow[]> {
    const staff = requireTicketWrite(viewer);
    if (includeDisabled) requireAdmin(staff);
    return listContractors(this.pool, this.municipalityId, includeDisabled);
  }

  async save(
    viewer: Viewer | null,
    raw: { id?: number | null; name: string; email: string; categoryIds?: string[] | null },
    address?: string,
  ): Promise<ContractorRow> {
    const admin = requireAdmin(viewer);
    const draft = validateContractor(raw);
    const m = this.municipalityId;
    const id = await withTransaction(this.pool, async (tx) => {
      if (
        draft.categoryIds.length &&
        (await countCategories(tx, m, draft.categoryIds)) !== draft.categoryIds.length
      )
        throw badInput('categoryIds', 'Una delle categorie non esiste.');
      if (await contractorNameTaken(tx, m, draft.name, raw.id ?? null))
        throw badInput('name', 'Esiste già una ditta con questo nome.');
      let saved: number;
      if (raw.id) {
        if (!(await updateContractor(tx, m, raw.id, draft)))
          throw new AppError('NOT_FOUND', 'Ditta non trovata.');
        saved = raw.id;
      } else saved = await insertContractor(tx, m, draft);
      await insertAudit(tx, m, {
        actorStaffId: admin.staffId,
        action: raw.id ? 'contractor.update' : 'contractor.create',
        target: `contractor:${saved}`,
        address,
        details: { name: draft.name, categoryIds: draft.categoryIds },
      });
      return saved;
    });
    return (await findContractor(this.pool, m, id))!;
  }

  async setDisabled(
    viewer: Viewer | null,
    id: number,
    disabled: boolean,
    address?: string,
  ): Promise<ContractorRow> {
    const admin = requireAdmin(viewer);
    const m = this.municipalityId;
    await withTransaction(this.pool, async (tx) => {
      if (!(await setContractorDisabled(tx, m, id, disabled)))
        throw new AppError('NOT_FOUND', 'Ditta non trovata.');
      await insertAudit(tx, m, {
        actorStaffId: admin.staffId,
        action: disabled ? 'contractor.disable' : 'contractor.enable',
        target: `contractor:${id}`,
        address,
      });
    });
    return (await findContractor(this.pool, m, id))!;
  }

  /** The ticket's current contractor, for staff who may read the ticket. */
  current(
    viewer: Viewer | null,
    ticket: { id: number; office_id: number },
  ): Promise<TicketContractorRow | undefined> {
    requireTicketRead(viewer, ticket.office_id);
    return findTicketContractor(this.pool, this.municipalityId, ticket.id);
  }

  async forward(viewer: Viewer | null, input: ForwardInput, address?: string): Promise<void> {
    requireTicketWrite(viewer);
    const instructions = cleanNote(input.instructions, 'instructions') ?? '';
    const days = validateLinkDays(input.expiresInDays);
    const showName = input.showNameToCitizen === true;
    await runTicketChange(
      this.deps,
      viewer,
      { ticketId: input.id, version: input.version, action: 'ticket.forwardToContractor', address },
      async (s) => {
        if (!canEdit('forwardToContractor', s.ticket.status))
          throw new AppError(
            'TICKET_CLOSED',
            'La segnalazione è chiusa: riaprila prima di affidarla.',
          );
        const contractor = await findContractor(s.tx, s.municipalityId, input.contractorId);
        if (!contractor || contractor.disabled_at)
          throw badInput('contractorId', 'Ditta sconosciuta o non più attiva.');
        // A new forwarding replaces the previous link: one contractor works a ticket at a time.
        const revoked = await revokeTicketLinks(s.tx, s.municipalityId, s.ticket.id);
        const from = s.ticket.status;
        const starts = canPerform('startWork', from);
        const version = starts
          ? expectUpdated(
              await updateStatus(s.tx, s.municipalityId, s.ticket.id, {
                to: 'in_progress',
                version: input.version,
              }),
            )
          : await bumpVersion(s.tx, s.municipalityId, s.ticket.id);
        const { token, hash } = newContractorToken();
        const expiresAt = new Date(Date.now() + days * 86_400_000);
        const linkId = await insertContractorLink(s.tx, s.municipalityId, {
          tokenHash: hash,
          ticketId: s.ticket.id,
          contractorId: contractor.id,
          instructions,
          showName,
          createdBy: s.staff.staffId,
          expiresAt,
        });
        // Public: "affidata a una ditta esterna"; the firm's name is its note only when the office chose so.
        await insertEvent(s.tx, s.municipalityId, {
          ticketId: s.ticket.id,
          kind: 'forwarded',
          actorStaffId: s.staff.staffId,
          fromStatus: starts ? from : null,
          toStatus: starts ? 'in_progress' : null,
          before: { status: from, version: s.ticket.version },
          after: {
            status: starts ? 'in_progress' : from,
            version,
            contractorId: contractor.id,
            contractorName: contractor.name,
            linkId,
          },
          note: showName ? contractor.name : null,
          public: true,
        });
        if (instructions)
          await insertEvent(s.tx, s.municipalityId, {
            ticketId: s.ticket.id,
            kind: 'note',
            actorStaffId: s.staff.staffId,
            note: instructions,
            public: false,
          });
        const place = await findTicketPlace(s.tx, s.municipalityId, s.ticket.id);
        await notifyContractor(s.tx, s.config, s.municipalityId, s.ticket.id, {
          contractor,
          token,
          instructions,
          address: place,
          expiresAt,
        });
        if (starts)
          await notifyTicketFollowers(s.tx, s.config, s.municipalityId, s.ticket.id, {
            kind: 'started',
          });
        s.audit = {
          contractorId: contractor.id,
          contractorName: contractor.name,
          linkId,
          showName,
          revokedLinks: revoked,
          from,
        };
      },
    );
  }

  /** Revokes the ticket's contractor link(s): the page then answers "link revocato" and accepts nothing. */
  async revoke(viewer: Viewer | null, ticketId: number, address?: string): Promise<void> {
    await runTicketChange(
      this.deps,
      viewer,
      { ticketId, action: 'ticket.revokeContractorLink', address },
      async (s) => {
        const revoked = await revokeTicketLinks(s.tx, s.municipalityId, s.ticket.id);
        if (!revoked.length)
          throw badInput('id', 'Questa segnalazione non ha un link attivo per una ditta.');
        const version = await bumpVersion(s.tx, s.municipalityId, s.ticket.id);
        await insertEvent(s.tx, s.municipalityId, {
          ticketId: s.ticket.id,
          kind: 'contractor_revoked',
          actorStaffId: s.staff.staffId,
          before: { version: s.ticket.version },
          after: { version, linkIds: revoked },
          public: false,
        });
        s.audit = { linkIds: revoked };
      },
    );
  }
}
