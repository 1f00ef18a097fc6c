// The audit log, for admins: every staff action (logins, token use, ticket changes, reporter reads).
import type pg from 'pg';
import { listAudit, type AuditRow } from '../db/audit.queries.js';
import { decodeCursor, encodeCursor } from '../domain/cursor.js';
import type { Page } from '../domain/page.js';
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
    const beforeId = after ? Number(decodeCursor(after, 1)[0]) : undefined;
    const rows = await listAudit(this.pool, this.municipalityId, {
      ...filter,
      beforeId,
      limit: first + 1,
    });
    const nodes = rows.slice(0, first);
    return {
      nodes,
      cursors: nodes.map((n) => encodeCursor([n.id])),
      hasNextPage: rows.length > first,
      totalCount: rows[0]?.total_count ?? 0,
    };
  }
}
