// Long-lived API tokens for integrators: shown once, stored as sha256, revocable, last use recorded.
// A token acts with its owner's role narrowed to its scopes; a revoked token fails on the next request.
// Only a login session creates tokens; listing and revoking them takes a session or tokens:manage.
import type pg from 'pg';
import {
  findToken,
  insertApiToken,
  listTokens,
  revokeToken,
  touchToken,
  TOKEN_TOUCH_INTERVAL_MS,
  type ApiTokenRow,
} from '../db/api-token.queries.js';
import { insertAudit } from '../db/audit.queries.js';
import { findStaffByLiveToken } from '../db/staff.queries.js';
import { withTransaction } from '../db/pool.js';
import { AppError, badInput } from '../domain/app-error.js';
import {
  requireLoginSession,
  requireTokenManagement,
  validateScopes,
} from '../domain/staff-access.js';
import type { Viewer } from '../domain/viewer.js';
import { API_TOKEN_PREFIX, randomToken, sha256 } from './auth-token.js';
import { toViewer } from './auth.service.js';

/** Token use is written to the audit log at most once per token in this many milliseconds. */
const TOKEN_USE_AUDIT_INTERVAL_MS = 60_000;

export class ApiTokenService {
  constructor(
    private readonly pool: pg.Pool,
    private readonly municipalityId: number,
  ) {}

  /** The token and its `token.create` audit row are one transaction: an error leaves neither. */
  async create(
    viewer: Viewer | null,
    name: string,
    scopes: readonly string[],
    address: string,
  ): Promise<{ token: string; row: ApiTokenRow }> {
    const staff = requireLoginSession(viewer);
    const cleanName = name.trim();
    if (!cleanName || cleanName.length > 100)
      throw badInput('name', 'Il nome del token deve avere da 1 a 100 caratteri.');
    const granted = validateScopes(staff.role, scopes);
    const token = randomToken(API_TOKEN_PREFIX);
    const row = await withTransaction(this.pool, async (tx) => {
      const inserted = await insertApiToken(
        tx,
        this.municipalityId,
        staff.staffId,
        cleanName,
        sha256(token),
        granted,
      );
      if (!inserted) throw new Error('insert into api_token returned no row');
      await insertAudit(tx, this.municipalityId, {
        actorStaffId: staff.staffId,
        action: 'token.create',
        target: `token:${inserted.id}`,
        details: { name: cleanName, scopes: granted },
        address,
      });
      return inserted;
    });
    return { token, row };
  }

  /** Owners revoke their own tokens; admins any token. The revocation and its audit row are one transaction. */
  async revoke(viewer: Viewer | null, id: number, address: string): Promise<ApiTokenRow> {
    const staff = requireTokenManagement(viewer);
    const existing = await findToken(this.pool, this.municipalityId, id);
    if (!existing) throw new AppError('NOT_FOUND', 'Token non trovato.');
    const fullAdmin =
      staff.role === 'admin' && (staff.scopes === null || staff.scopes.includes('admin'));
    if (existing.staff_id !== staff.staffId && !fullAdmin)
      throw new AppError('FORBIDDEN', 'Puoi revocare solo i tuoi token.');
    return withTransaction(this.pool, async (tx) => {
      const row = await revokeToken(tx, this.municipalityId, id);
      if (!row) throw new AppError('NOT_FOUND', 'Token non trovato.');
      await insertAudit(tx, this.municipalityId, {
        actorStaffId: staff.staffId,
        action: 'token.revoke',
        target: `token:${id}`,
        address,
      });
      return row;
    });
  }

  list(viewer: Viewer | null): Promise<ApiTokenRow[]> {
    const staff = requireTokenManagement(viewer);
    return listTokens(this.pool, this.municipalityId, staff.staffId);
  }

  /** The viewer of an API token, or null when it is unknown, revoked, expired or its owner is disabled. */
  async viewerForToken(token: string, address: string): Promise<Viewer | null> {
    const row = await findStaffByLiveToken(this.pool, this.municipalityId, sha256(token));
    if (!row || row.disabled_at) return null;
    const viewer = toViewer(row, row.token_scopes, row.token_id);
    const last = row.token_last_used_at?.getTime() ?? 0;
    // "Last used" is kept to the minute (touchToken): within it, no write at all.
    if (Date.now() - last >= TOKEN_TOUCH_INTERVAL_MS)
      await touchToken(this.pool, this.municipalityId, row.token_id);
    if (Date.now() - last > TOKEN_USE_AUDIT_INTERVAL_MS) {
      await insertAudit(this.pool, this.municipalityId, {
        actorStaffId: row.id,
        action: 'token.use',
        target: `token:${row.token_id}`,
        address,
      });
    }
    return viewer;
  }
}
