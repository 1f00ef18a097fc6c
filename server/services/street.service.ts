import type { Queryable } from '../db/pool.js';
import {
  findStreet,
  listStreetGeometries,
  searchStreets,
  type StreetRow,
  type StreetGeometryRow,
} from '../db/street.queries.js';
import { offsetAfter, offsetPage, type Page } from '../domain/page.js';

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
    const offset = offsetAfter(after);
    const text = search?.trim() ? search.trim() : null;
    return offsetPage(
      await searchStreets(this.db, this.municipalityId, text, offset, first + 1),
      first,
      offset,
    );
  }

  street(id: number): Promise<StreetRow | undefined> {
    return findStreet(this.db, this.municipalityId, id);
  }

  geometries(): Promise<StreetGeometryRow[]> {
    return listStreetGeometries(this.db, this.municipalityId);
  }
}
