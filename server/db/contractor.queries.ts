// External contractors (ditte esterne) and the links that forward a ticket to one. A link is found by
// the SHA-256 of its token only; the token itself is never stored.
import { query, queryOne, type Queryable } from './pool.js';

export interface ContractorRow {
  id: number;
  name: string;
  email: string;
  category_ids: number[];
  disabled_at: Date | null;
  created_at: Date;
}

const COLUMNS = 'id, name, email, category_ids, disabled_at, created_at';

export function listContractors(
  db: Queryable,
  municipalityId: number,
  includeDisabled: boolean,
): Promise<ContractorRow[]> {
  return query<ContractorRow>(
    db,
    `select ${COLUMNS} from contractor where municipality_id = $1 and ($2 or disabled_at is null) order by lower(name), id`,
    [municipalityId, includeDisabled],
  );
}

export function findContractor(
  db: Queryable,
  municipalityId: number,
  id: number,
): Promise<ContractorRow | undefined> {
  return queryOne<ContractorRow>(
    db,
    `select ${COLUMNS} from contractor where municipality_id = $1 and id = $2`,
    [municipalityId, id],
  );
}

/** True when another contractor of the comune already has this name (case-insensitive). */
export async function contractorNameTaken(
  db: Queryable,
  municipalityId: number,
  name: string,
  exceptId: number | null,
): Promise<boolean> {
  const row = await queryOne<{ taken: boolean }>(
    db,
    `select exists (select 1 from contractor where municipality_id = $1 and lower(name) = lower($2)
       and ($3::int is null or id <> $3)) as taken`,
    [municipalityId, name, exceptId],
  );
  return row?.taken ?? false;
}

export interface ContractorFields {
  name: string;
  email: string;
  categoryIds: number[];
}

/** How many of these category ids are the comune's. */
export async function countCategories(
  db: Queryable,
  municipalityId: number,
  ids: readonly number[],
): Promise<number> {
  const row = await queryOne<{ n: number }>(
    db,
    'select count(*)::int as n from category where municipality_id = $1 and id = any($2::int[])',
    [municipalityId, ids],
  );
  return row?.n ?? 0;
}

export async function insertContractor(
  db: Queryable,
  municipalityId: number,
  c: ContractorFields,
): Promise<number> {
  const row = await queryOne<{ id: number }>(
    db,
    `insert into contractor (municipality_id, name, email, category_ids) values ($1, $2, $3, $4::int[]) returning id`,
    [municipalityId, c.name, c.email, c.categoryIds],
  );
  return row!.id;
}

export async function updateContractor(
  db: Queryable,
  municipalityId: number,
  id: number,
  c: ContractorFields,
): Promise<boolean> {
  const result = await db.query(
    `update contractor set name = $3, email = $4, category_ids = $5::int[], updated_at = now()
     where municipality_id = $1 and id = $2`,
    [municipalityId, id, c.name, c.email, c.categoryIds],
  );
  return (result.rowCount ?? 0) > 0;
}

export async function setContractorDisabled(
  db: Queryable,
  municipalityId: number,
  id: number,
  disabled: boolean,
): Promise<boolean> {
  const result = await db.query(
    // The time from outside the CASE (Citus refuses now() inside one; docs/scale.md, "Citus").
    `update contractor set disabled_at = case when $3 then coalesce(disabled_at, clock.at) end, updated_at = clock.at
     from (select now() as at) clock
     where municipality_id = $1 and id = $2`,
    [municipalityId, id, disabled],
  );
  return (result.rowCount ?? 0) > 0;
}

export interface NewContractorLink {
  tokenHash: Buffer;
  ticketId: number;
  contractorId: number;
  instructions: string;
  showName: boolean;
  createdBy: number;
  expiresAt: Date;
}

export async function insertContractorLink(
  db: Queryable,
  municipalityId: number,
  l: NewContractorLink,
): Promise<number> {
  const row = await queryOne<{ id: number }>(
    db,
    `insert into contractor_link (municipality_id, token_hash, ticket_id, contractor_id, instructions, show_name, created_by, expires_at)
     values ($1, $2, $3, $4, $5, $6, $7, $8) returning id`,
    [
      municipalityId,
      l.tokenHash,
      l.ticketId,
      l.contractorId,
      l.instructions,
      l.showName,
      l.createdBy,
      l.expiresAt,
    ],
  );
  return Number(row!.id);
}

/** Revokes every link of the ticket still usable; returns the ids revoked. */
export async function revokeTicketLinks(
  db: Queryable,
  municipalityId: number,
  ticketId: number,
): Promise<number[]> {
  const rows = await query<{ id: string }>(
    db,
    `update contractor_link set revoked_at = now()
     where municipality_id = $1 and ticket_id = $2 and revoked_at is null and done_at is null and expires_at > now()
     returning id`,
    [municipalityId, ticketId],
  );
  return rows.map((r) => Number(r.id));
}

export interface TicketContractorRow {
  link_id: number;
  contractor_id: number;
  name: string;
  email: string;
  show_name: boolean;
  created_at: Date;
  expires_at: Date;
  revoked_at: Date | null;
  done_at: Date | null;
}

/** The contractor of the ticket's latest link, unless the office revoked it (expired or done: still shown). */
export function findTicketContractor(
  db: Queryable,
  municipalityId: number,
  ticketId: number,
): Promise<TicketContractorRow | undefined> {
  return queryOne<TicketContractorRow>(
    db,
    `select l.id::int as link_id, c.id as contractor_id, c.name, c.email, l.show_name, l.created_at, l.expires_at,
       l.revoked_at, l.done_at
     from contractor_link l join contractor c on c.municipality_id = l.municipality_id and c.id = l.contractor_id
     where l.municipality_id = $1 and l.ticket_id = $2
       and l.id = (select max(x.id) from contractor_link x where x.municipality_id = $1 and x.ticket_id = $2)
       and l.revoked_at is null`,
    [municipalityId, ticketId],
  );
}

export interface ContractorLinkRow {
  id: number;
  ticket_id: number;
  contractor_id: number;
  contractor_name: string;
  instructions: string;
  expires_at: Date;
  revoked_at: Date | null;
  done_at: Date | null;
  expired: boolean;
}

export function findLinkByHash(
  db: Queryable,
  municipalityId: number,
  tokenHash: Buffer,
  lock = false,
): Promise<ContractorLinkRow | undefined> {
  return queryOne<ContractorLinkRow>(
    db,
    `select l.id::int as id, l.ticket_id::int as ticket_id, l.contractor_id, c.name as contractor_name, l.instructions,
       l.expires_at, l.revoked_at, l.done_at, l.expires_at <= now() as expired
     from contractor_link l join contractor c on c.municipality_id = l.municipality_id and c.id = l.contractor_id
     where l.municipality_id = $1 and l.token_hash = $2${lock ? ' for update of l' : ''}`,
    [municipalityId, tokenHash],
  );
}

export async function markLinkDone(
  db: Queryable,
  municipalityId: number,
  linkId: number,
): Promise<void> {
  await db.query(
    'update contractor_link set done_at = now() where municipality_id = $1 and id = $2',
    [municipalityId, linkId],
  );
}

/** What the contractor's page shows: the ticket's place, text and photos; nothing about the reporter. */
export interface ContractorTicketRow {
  code: string;
  title: string;
  description: string;
  address: string | null;
  street_name: string | null;
  category_it: string;
  category_en: string;
  status: string;
  lon: number;
  lat: number;
  photo_ids: string[];
}

export function findContractorTicket(
  db: Queryable,
  municipalityId: number,
  ticketId: number,
): Promise<ContractorTicketRow | undefined> {
  return queryOne<ContractorTicketRow>(
    db,
    `select t.code, coalesce(t.public_title, t.title) as title, coalesce(t.public_description, t.description) as description,
       t.address, s.name_display as street_name, c.name_it as category_it,
       c.name_en as category_en, t.status::text as status, st_x(t.location::geometry) as lon, st_y(t.location::geometry) as lat,
       array(select a.id::text from attachment a where a.municipality_id = t.municipality_id and a.ticket_id = t.id
             order by a.created_at, a.id) as photo_ids
     from ticket t
     join category c on c.municipality_id = t.municipality_id and c.id = t.category_id
     left join street s on s.municipality_id = t.municipality_id and s.id = t.street_id
     where t.municipality_id = $1 and t.id = $2`,
    [municipalityId, ticketId],
  );
}

export interface ContractorEventRow {
  kind: string;
  note: string | null;
  after: Record<string, unknown> | null;
  created_at: Date;
}

/** The contractor's own steps on this ticket (notes, photos, done), oldest first. */
export function listContractorEvents(
  db: Queryable,
  municipalityId: number,
  ticketId: number,
  contractorId: number,
): Promise<ContractorEventRow[]> {
  return query<ContractorEventRow>(
    db,
    `select kind, note, after, created_at from ticket_event
     where municipality_id = $1 and ticket_id = $2 and actor_contractor_id = $3 order by created_at, id`,
    [municipalityId, ticketId, contractorId],
  );
}

/** "Via Roma 12, Via Roma": the address the citizen gave and the street it snapped to, for the contractor's mail. */
export async function findTicketPlace(
  db: Queryable,
  municipalityId: number,
  ticketId: number,
): Promise<string | null> {
  const row = await queryOne<{ place: string }>(
    db,
    `select concat_ws(', ', nullif(t.address, ''), s.name_display) as place from ticket t
     left join street s on s.municipality_id = t.municipality_id and s.id = t.street_id
     where t.municipality_id = $1 and t.id = $2`,
    [municipalityId, ticketId],
  );
  return row?.place || null;
}
