// One-time invites: a new staff account (e.g. the first admin of a comune added with comune:add) gets
// a link by mail, through the outbox, and sets its password once. The token is 256 random bits; only
// its SHA-256 is stored. Expired, used or unknown tokens are refused with a reason and change nothing.
import { createHash, randomBytes } from 'node:crypto';
import type pg from 'pg';
import { insertAudit } from '../db/audit.queries.js';
import {
  findInvite,
  insertInvite,
  markInviteUsed,
  setInvitedPassword,
} from '../db/invite.queries.js';
import { insertOutbox } from '../db/outbox.queries.js';
import { withTransaction, type Queryable } from '../db/pool.js';
import { AppError } from '../domain/app-error.js';
import { validatePassword } from '../domain/staff-access.js';
import { renderInviteMail } from '../mail/invite-mail.template.js';
import { hashPassword } from './password.js';

/** How long an invite link works. */
export const INVITE_TTL_HOURS = 7 * 24;

/** The stored hash of an account that has no password yet: no password verifies against it. */
export const NO_PASSWORD_HASH = '!invited';

export type InviteRefusal = 'INVITE_UNKNOWN' | 'INVITE_USED' | 'INVITE_EXPIRED';

const REFUSALS: Record<InviteRefusal, string> = {
  INVITE_UNKNOWN: 'Il link di invito non è valido: controlla di averlo copiato per intero.',
  INVITE_USED: 'Il link di invito è già stato usato: accedi con la password scelta.',
  INVITE_EXPIRED: "Il link di invito è scaduto: chiedi all'amministratore un nuovo invito.",
};

function refuse(reason: InviteRefusal): AppError {
  return new AppError('BAD_USER_INPUT', REFUSALS[reason], { field: 'token', reason });
}

export function hashInviteToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export interface NewInvite {
  municipalityId: number;
  municipalityName: string;
  staffId: number;
  email: string;
  role: string;
  /** PUBLIC_URL of the deployment. */
  publicUrl: string;
}

/** Creates an invite and queues its mail, in the caller's transaction. Returns the link (for tests). */
export async function createInvite(db: Queryable, invite: NewInvite): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  await insertInvite(
    db,
    invite.municipalityId,
    invite.staffId,
    hashInviteToken(token),
    INVITE_TTL_HOURS,
  );
  const url = `${invite.publicUrl}/ufficio/invito/${token}`;
  const mail = renderInviteMail({
    municipalityName: invite.municipalityName,
    role: invite.role,
    url,
    expiresHours: INVITE_TTL_HOURS,
  });
  await insertOutbox(db, invite.municipalityId, null, [
    {
      recipient: invite.email,
      kind: 'staff_invite',
      locale: 'it',
      subject: mail.subject,
      bodyText: mail.text,
      bodyHtml: mail.html,
      headers: {},
    },
  ]);
  await insertAudit(db, invite.municipalityId, {
    actorStaffId: null,
    action: 'staff.invite',
    target: `staff:${invite.staffId}`,
  });
  return url;
}

export interface AcceptedInvite {
  istatCode: string;
  slug: string;
}

export class InviteService {
  constructor(
    private readonly pool: pg.Pool,
    private readonly municipalityId: number,
  ) {}

  /**
   * Sets the invited account's password once, at its own comune's address only: another comune's
   * endpoint answers INVITE_UNKNOWN, as for a token that was never made (docs/many-comuni.md).
   */
  async accept(token: string, password: string, address?: string): Promise<AcceptedInvite> {
    if (!/^[A-Za-z0-9_-]{43}$/.test(token)) throw refuse('INVITE_UNKNOWN');
    validatePassword(password);
    const tokenHash = hashInviteToken(token);
    const check = (invite: Awaited<ReturnType<typeof findInvite>>) => {
      if (!invite || invite.municipality_id !== this.municipalityId) throw refuse('INVITE_UNKNOWN');
      if (invite.used_at) throw refuse('INVITE_USED');
      if (invite.expired) throw refuse('INVITE_EXPIRED');
      return invite;
    };
    // A bad link is refused before the (deliberately slow) password hash is computed.
    check(await findInvite(this.pool, tokenHash));
    const hash = await hashPassword(password);
    return withTransaction(this.pool, async (tx) => {
      const invite = check(await findInvite(tx, tokenHash, true));
      if (!(await setInvitedPassword(tx, invite.municipality_id, invite.staff_id, hash)))
        throw new AppError('FORBIDDEN', "L'account è disabilitato.");
      await markInviteUsed(tx, invite.municipality_id, invite.id);
      await insertAudit(tx, invite.municipality_id, {
        actorStaffId: invite.staff_id,
        action: 'staff.invite_accepted',
        target: `staff:${invite.staff_id}`,
        address,
      });
      return { istatCode: invite.istat_code, slug: invite.slug };
    });
  }
}
