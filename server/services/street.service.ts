import type { Queryable } from '../db/pool.js';
import { findStreet, listStreetGeometries, searchStreets, type StreetRow, type StreetGeometryRow } from '../db/street.queries.js';
import { decodeCursor, encodeCursor } from '../domain/cursor.js';
import type { Page } from '../domain/page.js';

export class StreetService {
  constructor(
    private readonly db: Queryable,
    private readonly municipalityId: number,
  ) {}

  async search(search: string | null | undefined, first: number, after: string | null | undefined): Promise<Page<StreetRow>> {
    const offset = after ? Number(decodeCursor(after, 1)[0]) : 0;
    const text = search?.trim() ? search.trim() : null;
    const rows = await searchStreets(this.db, this.municipalityId, text, offset, first + 1);
    const nodes = rows.slice(0, first);
    return {
      nodes,
      cursors: nodes.map((_, i) => encodeCursor([offset + i + 1])),
      hasNextPage: rows.length > first,
      totalCount: rows[0]?.total_count ?? 0,
    };
  }

  street(id: number): Promise<StreetRow | undefined> {
    return findStreet(this.db, this.municipalityId, id);
  }

  geometries(): Promise<StreetGeometryRow[]> {
    return listStreetGeometries(this.db, this.municipalityId);
  }
}
