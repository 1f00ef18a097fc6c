// What an external contractor does from their link, without an account: read the ticket (place,
// photos, description, instructions; never the reporter), post progress notes and photos, mark the
// work done (the office is mailed and confirms the resolution). Each action re-reads the link under a
// lock in its own transaction, so a link revoked or expired a moment earlier changes nothing; each
// writes an internal ticket_event and an audit row under the contractor's name.
import type pg from 'pg';
import type { Config } from '../config.js';
import { maskPublicText } from './public-ticket.service.js';
import { linkAttachments } from '../db/attachment.queries.js';
import { insertAudit } from '../db/audit.queries.js';
import {
  findContractorTicket,
  findLinkByHash,
  listContractorEvents,
  markLinkDone,
  type ContractorEventRow,
  type ContractorLinkRow,
  type ContractorTicketRow,
} from '../db/contractor.queries.js';
import { withTransaction } from '../db/pool.js';
import {
  bumpVersion,
  findTicketState,
  insertEvent,
  type NewEvent,
} from '../db/workflow.queries.js';
import { badInput } from '../domain/app-error.js';
import { isOpen, type TicketStatus } from '../domain/ticket-status.js';
import { notifyOffice } from '../mail/notify.js';
import type { AttachmentService } from './attachment.service.js';
import { formKeyMatches, hashContractorToken } from './contractor-token.js';
import { cleanNote } from './ticket-change.js';

/** Why a link opens no form: unknown (tampered or never issued), expired, revoked, closed ticket, work done. */
export type LinkState = 'unknown' | 'expired' | 'revoked' | 'closed' | 'done' | 'active';

export interface ContractorView {
  state: LinkState;
  link?: ContractorLinkRow;
  ticket?: ContractorTicketRow;
  events?: ContractorEventRow[];
}

/** An action refused because of the link (state) or the form (bad_form, or a field). */
export class ContractorRefusal extends Error {
  constructor(readonly state: LinkState | 'bad_form') {
    super(`contractor action refused: ${state}`);
  }
}

type Action = 'addNote' | 'addPhoto' | 'markDone';

export class ContractorPageService {
  constructor(
    private readonly pool: pg.Pool,
    private readonly config: Config,
    private readonly municipalityId: number,
    private readonly attachments: AttachmentService,
    /**
     * The comune's citizenPhotos setting: a contractor's photos wait for approval like a citizen's. Read
     * at each photo, so a changed setting applies without rebuilding the services.
     */
    private readonly photosPublicAtOnce: () => boolean = () => false,
  ) {}

  /** The page of a token: what it may show, and whether its forms are open. Changes nothing. */
  async view(token: string): Promise<ContractorView> {
    const hash = hashContractorToken(token);
    const link = hash && (await findLinkByHash(this.pool, this.municipalityId, hash));
    if (!link) return { state: 'unknown' };
    const early = refusedState(link);
    if (early === 'expired' || early === 'revoked') return { state: early, link };
    const found = await findContractorTicket(this.pool, this.municipalityId, link.ticket_id);
    if (!found) return { state: 'unknown' };
    // A contractor is someone else: they read the public text, masked (the office keeps the original).
    const ticket = maskPublicText(found);
    const events = await listContractorEvents(
      this.pool,
      this.municipalityId,
      link.ticket_id,
      link.contractor_id,
    );
    const state =
      early ?? (isOpen({ status: ticket.status as TicketStatus }) ? 'active' : 'closed');
    return { state, link, ticket, events };
  }

  addNote(token: string, formKey: unknown, text: string, address: string): Promise<void> {
    const note = cleanNote(text, 'text');
    if (!note) throw badInput('text', 'La nota è vuota.');
    return this.act(token, formKey, 'addNote', address, async (tx, link) => {
      await this.event(tx, link, { kind: 'contractor_note', note });
      return {};
    });
  }

  /** The photo is checked and re-encoded like a citizen's (same limits), then linked to the ticket. */
  async addPhoto(token: string, formKey: unknown, bytes: Buffer, address: string): Promise<void> {
    // The link is checked before the photo costs a decode, and again (locked) when it is linked.
    await this.check(token, formKey);
    const photoId = await this.attachments.upload(bytes, address);
    await this.act(token, formKey, 'addPhoto', address, async (tx, link) => {
      await linkAttachments(
        tx,
        this.municipalityId,
        link.ticket_id,
        [photoId],
        this.photosPublicAtOnce(),
      );
      await this.event(tx, link, { kind: 'contractor_note', attachmentId: photoId });
      return { attachmentId: photoId };
    });
  }

  markDone(token: string, formKey: unknown, text: string | undefined, address: string) {
    const note = cleanNote(text, 'text');
    return this.act(token, formKey, 'markDone', address, async (tx, link, officeId) => {
      await this.event(tx, link, { kind: 'contractor_done', note });
      await markLinkDone(tx, this.municipalityId, link.id);
      await notifyOffice(
        tx,
        this.config,
        this.municipalityId,
        officeId,
        link.ticket_id,
        'contractor_done',
      );
      return {};
    });
  }

  private async check(token: string, formKey: unknown): Promise<void> {
    const view = await this.view(token);
    if (view.state !== 'active') throw new ContractorRefusal(view.state);
    if (!formKeyMatches(token, formKey)) throw new ContractorRefusal('bad_form');
  }

  private async act(
    token: string,
    formKey: unknown,
    action: Action,
    address: string,
    change: (
      tx: pg.PoolClient,
      link: ContractorLinkRow,
      officeId: number,
    ) => Promise<Record<string, unknown>>,
  ): Promise<void> {
    const hash = hashContractorToken(token);
    if (!hash) throw new ContractorRefusal('unknown');
    await withTransaction(this.pool, async (tx) => {
      const link = await findLinkByHash(tx, this.municipalityId, hash, true);
      if (!link) throw new ContractorRefusal('unknown');
      const refused = refusedState(link);
      if (refused) throw new ContractorRefusal(refused);
      if (!formKeyMatches(token, formKey)) throw new ContractorRefusal('bad_form');
      const ticket = await findTicketState(tx, this.municipalityId, link.ticket_id, true);
      if (!ticket || !isOpen(ticket)) throw new ContractorRefusal('closed');
      const details = await change(tx, link, ticket.office_id);
      await insertAudit(tx, this.municipalityId, {
        actorStaffId: null,
        actorContractorId: link.contractor_id,
        action: `contractor.${action}`,
        target: `ticket:${ticket.id}`,
        address,
        details: {
          code: ticket.code,
          contractorId: link.contractor_id,
          contractorName: link.contractor_name,
          linkId: link.id,
          ...details,
        },
      });
    });
  }

  private async event(
    tx: pg.PoolClient,
    link: ContractorLinkRow,
    e: { kind: NewEvent['kind']; note?: string | null; attachmentId?: string },
  ): Promise<void> {
    const version = await bumpVersion(tx, this.municipalityId, link.ticket_id);
    await insertEvent(tx, this.municipalityId, {
      ticketId: link.ticket_id,
      kind: e.kind,
      actorStaffId: null,
      actorContractorId: link.contractor_id,
      note: e.note ?? null,
      after: {
        version,
        contractorId: link.contractor_id,
        contractorName: link.contractor_name,
        ...(e.attachmentId ? { attachmentId: e.attachmentId } : {}),
      },
      public: false,
    });
  }
}

function refusedState(link: ContractorLinkRow): LinkState | undefined {
  if (link.revoked_at) return 'revoked';
  if (link.expired) return 'expired';
  if (link.done_at) return 'done';
  return undefined;
}
