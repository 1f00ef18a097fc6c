// The audit log, for admins: every staff action (logins, token use, ticket changes, reporter reads).
import type pg from 'pg';
import { listAudit, type AuditRow } from '../db/audit.queries.js';
import { decodeKeyCursor, encodeKeyCursor } from '../domain/cursor.js';
import { listTotal, type Page } from '../domain/page.js';
import { requireAdmin } from '../domain/staff-access.js';
import type { Viewer } from '../domain/viewer.js';

export interface AuditFilter {
  actorStaffId?: number;
  actionPrefix?: string;
  target?: string;
  from?: Date;
  to?: Date;
}

export class AuditService {
  constructor(
    private readonly pool: pg.Pool,
    private readonly municipalityId: number,
  ) {}

  async list(
    viewer: Viewer | null,
    filter: AuditFilter,
    first: number,
    after?: string | null,
  ): Promise<Page<AuditRow>> {
    requireAdmin(viewer);
    const beforeId = decodeKeyCursor(after) ?? undefined;
    const rows = await listAudit(this.pool, this.municipalityId, {
      ...filter,
      beforeId,
      limit: first + 1,
    });
    const nodes = rows.slice(0, first);
    return {
      nodes,
      cursors: nodes.map((n) => encodeKeyCursor(n.id)),
      hasNextPage: rows.length > first,
      totalCount: await listTotal(rows, beforeId !== undefined, () =>
        listAudit(this.pool, this.municipalityId, { ...filter, limit: 1 }),
      ),
    };
  }
}
