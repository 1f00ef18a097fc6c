// notification_outbox: rows written in the caller's transaction, claimed and marked by the sender.
import { named, query, queryOne, type Queryable } from './pool.js';
import type { TicketStatus } from '../domain/ticket-status.js';

export interface OutboxMessage {
  recipient: string;
  kind: string;
  locale: 'it' | 'en';
  subject: string;
  bodyText: string;
  bodyHtml: string;
  headers: Record<string, string>;
}

// unnest keeps it one statement however many followers a ticket has.
const INSERT_OUTBOX = named(
  'outbox.insert',
  `
  insert into notification_outbox (municipality_id, ticket_id, recipient, kind, locale, subject, body_text, body_html, headers)
  select $1, $2, m.recipient, m.kind, m.locale, m.subject, m.body_text, m.body_html, m.headers
  from unnest($3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::jsonb[])
    as m (recipient, kind, locale, subject, body_text, body_html, headers)`,
);

export async function insertOutbox(
  db: Queryable,
  municipalityId: number,
  ticketId: number | null,
  messages: readonly OutboxMessage[],
): Promise<number> {
  if (messages.length === 0) return 0;
  const column = <K extends keyof OutboxMessage>(key: K) => messages.map((m) => m[key]);
  const result = await db.query({
    ...INSERT_OUTBOX,
    values: [
      municipalityId,
      ticketId,
      column('recipient'),
      column('kind'),
      column('locale'),
      column('subject'),
      column('bodyText'),
      column('bodyHtml'),
      messages.map((m) => JSON.stringify(m.headers)),
    ],
  });
  return result.rowCount ?? 0;
}

export interface TicketMailRow {
  id: number;
  code: string;
  /** The public copy of the title (sql/054): every mail goes to someone who reads only that. */
  title: string;
  /** The public copy of the description: mails say what the problem was. */
  description: string;
  street_name: string | null;
  house_number: string | null;
  address: string | null;
  status: TicketStatus;
  category_it: string;
  category_en: string;
  office_name: string;
  office_email: string;
  municipality_name: string;
  /** Where the comune's links go (comune-url.ts). */
  istat_code: string;
  host: string | null;
  original_code: string | null;
  /** The municipality's link-signing secret (made on first use). */
  secret: string;
}

// Everything a mail about a ticket needs, with the unsubscribe-link secret, in one round trip.
const TICKET_MAIL_INFO = named(
  'outbox.ticket_mail_info',
  `
  with made as (
    insert into mail_secret (municipality_id) values ($1) on conflict (municipality_id) do nothing returning secret
  )
  select coalesce((select secret from made), (select secret from mail_secret where municipality_id = $1)) as secret, t.id, t.code, coalesce(t.public_title, t.title) as title,
         coalesce(t.public_description, t.description) as description, s.name_display as street_name, t.house_number, t.address, t.status, c.name_it as category_it, c.name_en as category_en,
         o.name as office_name, o.email as office_email, m.name as municipality_name, m.istat_code, m.host, d.code as original_code
  from ticket t
  join municipality m on m.id = t.municipality_id
  join category c on c.municipality_id = t.municipality_id and c.id = t.category_id
  join office o on o.municipality_id = t.municipality_id and o.id = t.office_id
  left join ticket d on d.municipality_id = t.municipality_id and d.id = t.duplicate_of
  left join street s on s.municipality_id = t.municipality_id and s.id = t.street_id
  where t.municipality_id = $1 and t.id = $2`,
);

export function findTicketMailInfo(
  db: Queryable,
  municipalityId: number,
  ticketId: number,
): Promise<TicketMailRow | undefined> {
  return queryOne<TicketMailRow>(db, TICKET_MAIL_INFO, [municipalityId, ticketId]);
}

export interface FollowerRow {
  email: string;
  locale: 'it' | 'en';
  /** The reporter's name when given (greets them by it); supporters give none. */
  name: string | null;
}

export interface TicketFollowerRow extends FollowerRow {
  /** Whether the row is the ticket's reporter or one of its supporters. */
  role: 'reporter' | 'supporter';
}

// The reporter (unless unsubscribed or anonymised) and every supporter still subscribed; a supporter
// with the reporter's own address is mailed once.
const TICKET_FOLLOWERS = `
  select r.email, r.locale, r.name, 'reporter' as role from reporter r
  where r.municipality_id = $1 and r.ticket_id = $2 and r.email is not null and r.unsubscribed_at is null and r.anonymised_at is null
  union all
  select s.email, s.locale, null as name, 'supporter' as role from ticket_supporter s
  where s.municipality_id = $1 and s.ticket_id = $2 and s.unsubscribed_at is null
    and not exists (select 1 from reporter r where r.municipality_id = $1 and r.ticket_id = $2 and lower(r.email) = s.email_key)`;

/** Everyone a mail to the ticket's followers reaches (notifyTicketFollowers; StaffTicket.replyRecipients). */
export function findTicketFollowers(
  db: Queryable,
  municipalityId: number,
  ticketId: number,
): Promise<TicketFollowerRow[]> {
  return query<TicketFollowerRow>(db, TICKET_FOLLOWERS, [municipalityId, ticketId]);
}

/** The reporter alone, when they can be mailed (an e-mail, not unsubscribed, not anonymised). */
export function findReporterRecipient(
  db: Queryable,
  municipalityId: number,
  ticketId: number,
): Promise<FollowerRow | undefined> {
  return queryOne<FollowerRow>(
    db,
    `select email, locale, name from reporter where municipality_id = $1 and ticket_id = $2
       and email is not null and unsubscribed_at is null and anonymised_at is null`,
    [municipalityId, ticketId],
  );
}

const MAIL_SECRET = `
  with made as (
    insert into mail_secret (municipality_id) values ($1) on conflict (municipality_id) do nothing returning secret
  )
  select secret from made union all select secret from mail_secret where municipality_id = $1`;

/** The municipality's link-signing secret, created on first use. */
export async function mailSecret(db: Queryable, municipalityId: number): Promise<string> {
  // A statement that waited for a concurrent creator cannot see its row; the next statement can.
  const row =
    (await queryOne<{ secret: string }>(db, MAIL_SECRET, [municipalityId])) ??
    (await queryOne<{ secret: string }>(db, MAIL_SECRET, [municipalityId]));
  if (!row) throw new Error('mail_secret could not be created');
  return row.secret;
}

export interface ClaimedMailRow {
  municipality_id: number;
  id: number;
  recipient: string;
  subject: string;
  body_text: string;
  body_html: string;
  headers: Record<string, string>;
  attempts: number;
  /** The comune's own sender (municipality.mail_from), or null; senderOf() picks the effective one. */
  mail_from: string | null;
  /** The comune's name and ISTAT code, for the sender when it has none of its own. */
  name: string;
  istat_code: string;
  host: string | null;
}

// Claims due rows by pushing next_attempt_at past a lease, in one short statement: the SMTP talk then
// happens outside any transaction, and a crashed sender's rows come due again when the lease ends.
const CLAIM_DUE = `
  update notification_outbox o set next_attempt_at = now() + make_interval(secs => $2), attempts = o.attempts + 1
  from (
    select municipality_id, id from notification_outbox
    where sent_at is null and next_attempt_at <= now()
    order by next_attempt_at limit $1
    for update skip locked
  ) due, municipality m
  where o.municipality_id = due.municipality_id and o.id = due.id and m.id = o.municipality_id
  returning o.municipality_id, o.id, o.recipient, o.subject, o.body_text, o.body_html, o.headers, o.attempts,
    m.mail_from, m.name, m.istat_code, m.host`;

export function claimDueMail(
  db: Queryable,
  batchSize: number,
  leaseSeconds: number,
): Promise<ClaimedMailRow[]> {
  return query<ClaimedMailRow>(db, CLAIM_DUE, [batchSize, leaseSeconds]);
}

// Citus (SEGNALA_CITUS) locks rows (FOR UPDATE) only in a query routed to one shard, i.e. one comune: the
// comuni with due mail first (a read of every shard), then the same claim within each of them.
const DUE_COMUNI = `
  select distinct municipality_id as id from notification_outbox
  where sent_at is null and next_attempt_at <= now()`;

const CLAIM_DUE_IN = `
  update notification_outbox o set next_attempt_at = now() + make_interval(secs => $2), attempts = o.attempts + 1
  from (
    select municipality_id, id from notification_outbox
    where municipality_id = $3 and sent_at is null and next_attempt_at <= now()
    order by next_attempt_at limit $1
    for update skip locked
  ) due
  where o.municipality_id = $3 and o.municipality_id = due.municipality_id and o.id = due.id
  returning o.municipality_id, o.id, o.recipient, o.subject, o.body_text, o.body_html, o.headers, o.attempts,
    (select m.mail_from from municipality m where m.id = $3) as mail_from`;

export async function claimDueMailByComune(
  db: Queryable,
  batchSize: number,
  leaseSeconds: number,
): Promise<ClaimedMailRow[]> {
  const claimed: ClaimedMailRow[] = [];
  for (const { id } of await query<{ id: number }>(db, DUE_COMUNI)) {
    if (claimed.length >= batchSize) break;
    claimed.push(
      ...(await query<ClaimedMailRow>(db, CLAIM_DUE_IN, [
        batchSize - claimed.length,
        leaseSeconds,
        id,
      ])),
    );
  }
  return claimed;
}

export async function markMailSent(
  db: Queryable,
  municipalityId: number,
  id: number,
): Promise<void> {
  await db.query(
    'update notification_outbox set sent_at = now(), last_error = null where municipality_id = $1 and id = $2',
    [municipalityId, id],
  );
}

export async function markMailFailed(
  db: Queryable,
  municipalityId: number,
  id: number,
  retryInMs: number,
  error: string,
): Promise<void> {
  await db.query(
    `update notification_outbox set next_attempt_at = now() + make_interval(secs => $3), last_error = $4
     where municipality_id = $1 and id = $2`,
    [municipalityId, id, retryInMs / 1000, error.slice(0, 1000)],
  );
}
