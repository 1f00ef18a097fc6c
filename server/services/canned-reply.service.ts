// Canned replies (risposte predefinite): admins keep them, staff who read tickets list the ones that fit a
// ticket's category and phase and insert one into the public reply, where they edit it before sending.
import type pg from 'pg';
import { insertAudit } from '../db/audit.queries.js';
import {
  deleteCannedReply,
  findCannedReply,
  insertCannedReply,
  listCannedReplies,
  updateCannedReply,
  type CannedReplyFields,
  type CannedReplyRow,
} from '../db/canned-reply.queries.js';
import { findCategory } from '../db/category.queries.js';
import { withTransaction } from '../db/pool.js';
import { AppError, badInput } from '../domain/app-error.js';
import { requireAdmin, requireTicketRead } from '../domain/staff-access.js';
import type { TicketStatus } from '../domain/ticket-status.js';
import type { Viewer } from '../domain/viewer.js';
import { MAX_NOTE_LENGTH } from './ticket-change.js';

const MAX_TITLE = 120;

function text(value: string, field: string, max: number): string {
  const t = value.trim();
  if (!t) throw badInput(field, 'Il testo è vuoto.');
  if (t.length > max) throw badInput(field, `Il testo supera i ${max} caratteri.`);
  return t;
}

export class CannedReplyService {
  constructor(
    private readonly pool: pg.Pool,
    private readonly municipalityId: number,
  ) {}

  list(
    viewer: Viewer | null,
    categoryId: number | null,
    status: TicketStatus | null,
  ): Promise<CannedReplyRow[]> {
    requireTicketRead(viewer);
    return listCannedReplies(this.pool, this.municipalityId, categoryId, status);
  }

  async create(
    viewer: Viewer | null,
    input: CannedReplyFields,
    address?: string,
  ): Promise<CannedReplyRow> {
    const admin = requireAdmin(viewer);
    const fields = await this.valid(input);
    const id = await withTransaction(this.pool, async (tx) => {
      const created = await insertCannedReply(tx, this.municipalityId, fields);
      await this.audit(tx, admin, 'cannedReply.create', created, address);
      return created;
    });
    return (await findCannedReply(this.pool, this.municipalityId, id))!;
  }

  async update(
    viewer: Viewer | null,
    id: number,
    version: number,
    input: CannedReplyFields,
    address?: string,
  ): Promise<CannedReplyRow> {
    const admin = requireAdmin(viewer);
    const fields = await this.valid(input);
    await withTransaction(this.pool, async (tx) => {
      if (!(await updateCannedReply(tx, this.municipalityId, id, version, fields))) {
        const current = await findCannedReply(tx, this.municipalityId, id);
        if (!current) throw new AppError('NOT_FOUND', 'Risposta predefinita non trovata.');
        throw new AppError(
          'CONFLICT',
          'La risposta è stata modificata da qualcun altro nel frattempo: ricaricala e riprova.',
          { currentVersion: current.version },
        );
      }
      await this.audit(tx, admin, 'cannedReply.update', id, address);
    });
    return (await findCannedReply(this.pool, this.municipalityId, id))!;
  }

  async remove(viewer: Viewer | null, id: number, address?: string): Promise<boolean> {
    const admin = requireAdmin(viewer);
    await withTransaction(this.pool, async (tx) => {
      if (!(await deleteCannedReply(tx, this.municipalityId, id)))
        throw new AppError('NOT_FOUND', 'Risposta predefinita non trovata.');
      await this.audit(tx, admin, 'cannedReply.delete', id, address);
    });
    return true;
  }

  private async valid(input: CannedReplyFields): Promise<CannedReplyFields> {
    const fields = {
      ...input,
      title: text(input.title, 'title', MAX_TITLE),
      textIt: text(input.textIt, 'textIt', MAX_NOTE_LENGTH),
      textEn: text(input.textEn, 'textEn', MAX_NOTE_LENGTH),
    };
    if (
      fields.categoryId !== null &&
      !(await findCategory(this.pool, this.municipalityId, fields.categoryId))
    )
      throw badInput('categoryId', 'Categoria sconosciuta.');
    return fields;
  }

  private audit(
    tx: pg.PoolClient,
    admin: Viewer,
    action: string,
    id: number,
    address?: string,
  ): Promise<void> {
    return insertAudit(tx, this.municipalityId, {
      actorStaffId: admin.staffId,
      action,
      target: `canned_reply:${id}`,
      details: {},
      address,
    });
  }
}
