// Turns a TicketFilter into SQL conditions. Values always travel as $n parameters; the only text put
// into SQL is the table alias, chosen by the caller from code.
import type { TicketFilter } from '../domain/ticket-filter.js';

export class SqlParams {
  readonly values: unknown[] = [];

  /** Adds a value and returns its placeholder ($n). */
  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

/**
 * Conditions (joined with "and") selecting the tickets of one municipality that match the filter.
 * `t` is the alias of the ticket table in the caller's query.
 */
export function ticketFilterSql(
  municipalityId: number,
  filter: TicketFilter | undefined,
  params: SqlParams,
  t = 't',
): string {
  const where = [`${t}.municipality_id = ${params.add(municipalityId)}`];
  const f = filter ?? {};
  if (f.statuses?.length)
    where.push(`${t}.status = any(${params.add(f.statuses)}::ticket_status[])`);
  if (f.categoryIds?.length)
    where.push(`${t}.category_id = any(${params.add(f.categoryIds)}::int[])`);
  if (f.officeIds?.length) where.push(`${t}.office_id = any(${params.add(f.officeIds)}::int[])`);
  if (f.streetIds?.length) where.push(`${t}.street_id = any(${params.add(f.streetIds)}::int[])`);
  if (f.channels?.length) where.push(`${t}.channel = any(${params.add(f.channels)}::text[])`);
  if (f.createdFrom) where.push(`${t}.created_at >= ${params.add(f.createdFrom)}`);
  if (f.createdTo) where.push(`${t}.created_at < ${params.add(f.createdTo)}`);
  if (f.bbox) {
    const { west, south, east, north } = f.bbox;
    // && on geography uses the GiST index; the envelope is in lon/lat like the stored points.
    where.push(
      `${t}.location && st_makeenvelope(${params.add(west)}, ${params.add(south)}, ${params.add(east)}, ${params.add(north)}, 4326)::geography`,
    );
  }
  if (f.polygon) {
    where.push(
      `st_intersects(${t}.location::geometry, st_setsrid(st_geomfromgeojson(${params.add(JSON.stringify(f.polygon))}), 4326))`,
    );
  }
  if (f.text?.trim()) {
    // Matches the trigram index ticket_text_trgm; the code matches exactly, case-insensitively.
    const text = params.add(f.text.trim());
    where.push(
      `(segnala_fold(${t}.title || ' ' || ${t}.description) like '%' || segnala_fold(${text}) || '%' or ${t}.code = upper(${text}))`,
    );
  }
  return where.join(' and ');
}
