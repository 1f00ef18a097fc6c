// The public copy of a ticket's text (sql/054): written masked with the ticket, rewritten by moderation,
// and filled at start for rows written before it existed (or by a loader that did not mask).
import { maskPersonalData } from '../domain/personal-data-mask.js';
import { query, queryOne, type Queryable } from './pool.js';

const BATCH = 500;

/** Masks the text of every ticket that has no public copy yet; returns how many were filled. */
export async function backfillPublicText(db: Queryable): Promise<number> {
  let filled = 0;
  for (;;) {
    const rows = await query<{
      municipality_id: number;
      id: number;
      title: string;
      description: string;
    }>(
      db,
      `select municipality_id, id, title, description from ticket where public_title is null
       order by municipality_id, id limit ${BATCH}`,
    );
    if (rows.length === 0) return filled;
    // The rollup trigger sees these updates as -1/+1 of the same state: the statistics do not move.
    await db.query(
      `update ticket t set public_title = u.title, public_description = u.description
       from unnest($1::int[], $2::bigint[], $3::text[], $4::text[]) as u(m, id, title, description)
       where t.municipality_id = u.m and t.id = u.id and t.public_title is null`,
      [
        rows.map((r) => r.municipality_id),
        rows.map((r) => r.id),
        rows.map((r) => maskPersonalData(r.title)),
        rows.map((r) => maskPersonalData(r.description)),
      ],
    );
    filled += rows.length;
  }
}

export interface PublicTextRow {
  title: string;
  description: string;
  public_title: string | null;
  public_description: string | null;
}

export function findTicketText(
  db: Queryable,
  municipalityId: number,
  ticketId: number,
): Promise<PublicTextRow | undefined> {
  return queryOne<PublicTextRow>(
    db,
    `select title, description, public_title, public_description from ticket
     where municipality_id = $1 and id = $2`,
    [municipalityId, ticketId],
  );
}

/** Sets the public text and bumps the version, if it is still `version`; the new version, or undefined. */
export async function updatePublicText(
  db: Queryable,
  municipalityId: number,
  ticketId: number,
  version: number,
  title: string,
  description: string,
): Promise<number | undefined> {
  const row = await queryOne<{ version: number }>(
    db,
    `update ticket set public_title = $4, public_description = $5, version = version + 1, updated_at = now()
     where municipality_id = $1 and id = $2 and version = $3 returning version`,
    [municipalityId, ticketId, version, title, description],
  );
  return row?.version;
}
