// Double opt-in in tests: the link mailed to an address (read from the outbox, where the token exists
// only in the mail's text), used as the citizen's browser would (POST /conferma/:token) or through the
// services.
import type { Queryable } from '../../server/db/pool.js';
import type { Services } from '../../server/services/services.js';

const LINK = /\/conferma\/([A-Za-z0-9_-]{32})/;

/** The token of the newest confirmation mail written to this address (any kind, or one kind). */
export async function latestConfirmationToken(
  db: { pool: Queryable },
  email: string,
  kind?: string,
): Promise<string> {
  const { rows } = await db.pool.query<{ body_text: string }>(
    `select body_text from notification_outbox where lower(recipient) = lower($1) and body_text like '%/conferma/%'
       and ($2::text is null or kind = $2) order by id desc limit 1`,
    [email, kind ?? null],
  );
  const token = rows[0] && LINK.exec(rows[0].body_text)?.[1];
  if (!token) throw new Error(`No confirmation mail to ${email}`);
  return token;
}

/** Every confirmation token mailed to this address (of one kind), oldest first. */
export async function allConfirmationTokens(
  db: { pool: Queryable },
  email: string,
  kind: string,
): Promise<string[]> {
  const { rows } = await db.pool.query<{ body_text: string }>(
    'select body_text from notification_outbox where lower(recipient) = lower($1) and kind = $2 order by id',
    [email, kind],
  );
  return rows.map((r) => LINK.exec(r.body_text)![1]);
}

/** "Mi associo" confirmed: the request, then its link used. */
export async function joinConfirmed(
  db: { pool: Queryable; services: Services },
  code: string,
  email: string,
  locale = 'it',
  address = '192.0.2.200',
): Promise<void> {
  await db.services.joins.join(code, email, locale, address);
  const result = await db.services.confirmations.confirm(
    await latestConfirmationToken(db, email, 'confirm_join'),
    address,
  );
  if (result.kind !== 'joined') throw new Error(`join of ${email} to ${code}: ${result.kind}`);
}

/** POSTs a confirmation link to a running app, as the page's button does. */
export function postConfirmation(appUrl: string, token: string, body = ''): Promise<Response> {
  return fetch(`${appUrl}/conferma/${token}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body,
  });
}
