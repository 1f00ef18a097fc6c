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
 * `column` is one of the comuni: `= $n` for one (the plan every single-comune query always had),
 * `= any($n::int[])` for several (a sovracomunale planner's), both leading the indexes.
 */
export function municipalitySql(
  column: string,
  municipalityIds: number | readonly number[],
  params: SqlParams,
): string {
  const ids = typeof municipalityIds === 'number' ? [municipalityIds] : municipalityIds;
  if (ids.length === 0) throw new Error('municipalitySql: no comune');
  return ids.length === 1
    ? `${column} = ${params.add(ids[0])}`
    : `${column} = any(${params.add(ids)}::int[])`;
}

/**
 * Conditions (joined with "and") selecting the tickets of one municipality (or of several, for a
 * sovracomunale planner's analytics) that match the filter.
 * `t` is the alias of the ticket table in the caller's query; `textScope` is whose text the text filter
 * searches: the public copy (everyone) unless the caller is the office's inbox.
 */
export function ticketFilterSql(
  municipalityIds: number | readonly number[],
  filter: TicketFilter | undefined,
  params: SqlParams,
  t = 't',
  textScope: 'public' | 'office' = 'public',
): string {
  const where = [municipalitySql(`${t}.municipality_id`, municipalityIds, params)];
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
    // Title, description and address, folded at write time (sql/059), through a trigram index: the
    // office searches the original text (search_text), everyone else only the masked public copy
    // (public_search_text), so a phone number the office sees finds nothing in public.
    // The tracking code matches exactly, case-insensitively.
    const text = params.add(f.text.trim());
    const searched = textScope === 'office' ? `${t}.search_text` : `${t}.public_search_text`;
    where.push(
      `(${searched} like '%' || segnala_fold(${text}) || '%' or ${t}.code = upper(${text}))`,
    );
  }
  return where.join(' and ');
}
