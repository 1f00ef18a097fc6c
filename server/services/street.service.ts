import type { Queryable } from '../db/pool.js';
import {
  findStreet,
  listStreetGeometries,
  searchStreets,
  type StreetRow,
  type StreetGeometryRow,
} from '../db/street.queries.js';
import { offsetPage, type Page } from '../domain/page.js';

export class StreetService {
  constructor(
    private readonly db: Queryable,
    private readonly municipalityId: number,
  ) {}

  async search(
    search: string | null | undefined,
    first: number,
    after: string | null | undefined,
  ): Promise<Page<StreetRow>> {
    const text = search?.trim() ? search.trim() : null;
    return offsetPage(
      (offset, limit) => searchStreets(this.db, this.municipalityId, text, offset, limit),
      first,
      after,
    );
  }

  street(id: number): Promise<StreetRow | undefined> {
    return findStreet(this.db, this.municipalityId, id);
  }

  geometries(): Promise<StreetGeometryRow[]> {
    return listStreetGeometries(this.db, this.municipalityId);
  }
}
