// Staff login, sessions, bearer JWTs and who a token belongs to. Every failure of a login looks the
// same to the caller (wrong password, unknown e-mail, locked-out or disabled account): same code, same
// message, and the same argon2 work, so neither the answer nor its timing tells whether an account exists.
import type pg from 'pg';
import type { Config } from '../config.js';
import { countLoginFailures, insertAudit } from '../db/audit.queries.js';
import { withTransaction } from '../db/pool.js';
import {
  findOfficeIdsByCodes,
  findSessionStaffId,
  isDemoMunicipality,
  listDemoAccounts,
  findStaffByEmail,
  findStaffById,
  insertSession,
  recordLoginOutcome,
  revokeSession,
  setStaffOffices,
  upsertStaff,
  type StaffRow,
} from '../db/staff.queries.js';
import { AppError, badInput } from '../domain/app-error.js';
import { clientAddressKey } from '../domain/client-address.js';
import { validateEmail } from '../domain/email.js';
import { KeyedQueue } from '../domain/keyed-queue.js';
import { validatePassword } from '../domain/staff-access.js';
import type { StaffRole, Viewer } from '../domain/viewer.js';
import { jwtKey, randomToken, sha256, signStaffJwt, verifyStaffJwt } from './auth-token.js';
import { hashPassword, verifyPassword } from './password.js';

export const LOGIN_FAILED_MESSAGE =
  'E-mail o password non corretti, oppure accesso temporaneamente bloccato.';

export interface LoginResult {
  staff: StaffRow;
  /** Bearer JWT for integrators (short-lived). */
  token: string;
  expiresAt: Date;
  /** Random session token for the HttpOnly cookie (stored hashed). */
  sessionToken: string;
  sessionExpiresAt: Date;
}

export interface NewStaff {
  email: string;
  role: StaffRole;
  password: string;
  name?: string;
  officeCodes?: string[];
}

export function toViewer(
  staff: StaffRow,
  scopes: string[] | null = null,
  tokenId?: number,
): Viewer {
  return {
    staffId: staff.id,
    email: staff.email,
    role: staff.role,
    officeIds: staff.office_ids,
    scopes,
    tokenId,
    grantedMunicipalityIds: staff.granted_municipality_ids ?? [],
  };
}

export class AuthService {
  private readonly key: Uint8Array;
  private readonly attempts = new KeyedQueue();

  constructor(
    private readonly pool: pg.Pool,
    private readonly config: Config,
    private readonly municipalityId: number,
  ) {
    this.key = jwtKey(config.jwtSecret);
  }

  async login(rawEmail: string, password: string, address: string): Promise<LoginResult> {
    // One spelling of the e-mail for the lookup, the audit rows and the failure counts: JavaScript and
    // PostgreSQL lowercase some letters differently (a Turkish "İ"), and a spelling that finds the account
    // but is counted under another name would escape the per-account limits.
    const email = rawEmail.trim().toLowerCase();
    // Attempts for one e-mail or from one address run one at a time, so each sees the failures before it.
    return this.attempts.run([`email:${email}`, `address:${clientAddressKey(address)}`], () =>
      this.attempt(email, password, address),
    );
  }

  private async attempt(email: string, password: string, address: string): Promise<LoginResult> {
    const limits = this.config.loginLimits;
    const failures = await countLoginFailures(
      this.pool,
      this.municipalityId,
      address,
      email,
      limits.windowMinutes,
    );
    if (failures.by_address >= limits.maxFailuresPerAddress) {
      await insertAudit(this.pool, this.municipalityId, {
        actorStaffId: null,
        action: 'login.rate_limited',
        target: email,
        address,
      });
      throw new AppError(
        'RATE_LIMITED',
        'Troppi tentativi di accesso da questo indirizzo: riprova più tardi.',
        { retryAfterMinutes: limits.windowMinutes },
      );
    }
    const staff = await findStaffByEmail(this.pool, this.municipalityId, email);
    // Always one argon2 verification, against a dummy hash when the account does not exist.
    const matches = await verifyPassword(staff?.password_hash, password);
    // Locked for this address after maxFailuresPerAccount here; for every address but the ones this account
    // signed in from lately after maxFailuresPerAccountAll. Strangers cannot lock staff out of their own desks.
    const locked =
      failures.by_account_here >= limits.maxFailuresPerAccount ||
      (failures.by_account >= limits.maxFailuresPerAccountAll && !failures.known_address);
    if (!staff || !matches || locked || staff.disabled_at) {
      await withTransaction(this.pool, async (tx) => {
        await insertAudit(tx, this.municipalityId, {
          actorStaffId: staff?.id ?? null,
          action: 'login.failed',
          target: email,
          address,
          details: {
            reason: !staff
              ? 'unknown'
              : staff.disabled_at
                ? 'disabled'
                : locked
                  ? 'locked'
                  : 'password',
          },
        });
        if (staff)
          await recordLoginOutcome(
            tx,
            this.municipalityId,
            staff.id,
            false,
            limits.windowMinutes,
            limits.maxFailuresPerAccountAll,
          );
      });
      throw new AppError('UNAUTHENTICATED', LOGIN_FAILED_MESSAGE);
    }
    const sessionToken = randomToken('sess_');
    const { token, expiresAt } = await signStaffJwt(
      this.key,
      this.municipalityId,
      staff.id,
      this.config.jwtTtlMinutes,
    );
    await withTransaction(this.pool, async (tx) => {
      await recordLoginOutcome(tx, this.municipalityId, staff.id, true, 0, 0);
      await insertSession(
        tx,
        this.municipalityId,
        staff.id,
        sha256(sessionToken),
        address,
        this.config.sessionTtlHours,
      );
      await insertAudit(tx, this.municipalityId, {
        actorStaffId: staff.id,
        action: 'login',
        target: `staff:${staff.id}`,
        address,
      });
    });
    const sessionExpiresAt = new Date(Date.now() + this.config.sessionTtlHours * 3_600_000);
    return { staff, token, expiresAt, sessionToken, sessionExpiresAt };
  }

  async logout(
    viewer: Viewer | null,
    /** The session cookies sent; only this comune's sessions are found, so only they end. */
    sessionTokens: readonly string[],
    address: string,
  ): Promise<void> {
    for (const token of sessionTokens)
      await revokeSession(this.pool, this.municipalityId, sha256(token));
    if (viewer)
      await insertAudit(this.pool, this.municipalityId, {
        actorStaffId: viewer.staffId,
        action: 'logout',
        target: `staff:${viewer.staffId}`,
        address,
      });
  }

  /** The viewer of a session cookie, or null when it is unknown, revoked, expired or the account is disabled. */
  async viewerForSession(sessionToken: string): Promise<Viewer | null> {
    const session = await findSessionStaffId(this.pool, this.municipalityId, sha256(sessionToken));
    return session ? this.activeViewer(session.staff_id) : null;
  }

  async viewerForJwt(token: string): Promise<Viewer | null> {
    const staffId = await verifyStaffJwt(this.key, this.municipalityId, token);
    return staffId ? this.activeViewer(staffId) : null;
  }

  /** Role and offices are read afresh on every request, so changes and disabling apply at once. */
  async activeViewer(
    staffId: number,
    scopes: string[] | null = null,
    tokenId?: number,
  ): Promise<Viewer | null> {
    const staff = await findStaffById(this.pool, this.municipalityId, staffId);
    return staff && !staff.disabled_at ? toViewer(staff, scopes, tokenId) : null;
  }

  /** Start-up warning lines when this is a demo database with demo accounts (empty otherwise). */
  async demoWarning(): Promise<string[]> {
    const demo = await isDemoMunicipality(this.pool, this.municipalityId);
    if (!demo?.demo) return [];
    const accounts = await listDemoAccounts(this.pool, this.municipalityId);
    if (!accounts.length) return [];
    return [
      `ATTENZIONE / WARNING: database dimostrativo con account demo, password "${this.config.demoPassword}" (SEGNALA_DEMO_PASSWORD).`,
      ...accounts.map((a) => `  ${a.email} (${a.role})`),
      '  Non usare questo database in produzione / never use this database in production.',
    ];
  }

  me(viewer: Viewer): Promise<StaffRow | undefined> {
    return findStaffById(this.pool, this.municipalityId, viewer.staffId);
  }

  /** Creates or updates an account (npm run user:add, demo seed). Operators need at least one office. */
  async upsertStaffUser(input: NewStaff): Promise<number> {
    const email = validateEmail(input.email);
    validatePassword(input.password);
    const codes = input.officeCodes ?? [];
    if (input.role === 'operator' && !codes.length)
      throw badInput('office', 'Un operatore deve appartenere ad almeno un ufficio (--office).');
    const passwordHash = await hashPassword(input.password);
    return withTransaction(this.pool, async (tx) => {
      const offices = await findOfficeIdsByCodes(tx, this.municipalityId, codes);
      const missing = codes.filter((c) => !offices.some((o) => o.code === c));
      if (missing.length) throw badInput('office', `Ufficio sconosciuto: ${missing.join(', ')}.`);
      const id = await upsertStaff(tx, this.municipalityId, {
        email,
        name: input.name ?? '',
        role: input.role,
        passwordHash,
      });
      await setStaffOffices(
        tx,
        this.municipalityId,
        id,
        offices.map((o) => o.id),
      );
      await insertAudit(tx, this.municipalityId, {
        actorStaffId: null,
        action: 'staff.upsert',
        target: `staff:${id}`,
        details: { email, role: input.role, offices: codes },
      });
      return id;
    });
  }
}
