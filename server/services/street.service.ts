import type { Queryable } from '../db/pool.js';
import type { AppError } from '../domain/app-error.js';
import { validatePoint, type Point } from '../domain/point.js';
import {
  findAddressAt,
  findStreet,
  listStreetGeometries,
  searchStreets,
  type StreetRow,
  type StreetGeometryRow,
  type AddressAtRow,
} from '../db/street.queries.js';
import { offsetPage, type Page } from '../domain/page.js';

export class StreetService {
  constructor(
    private readonly db: Queryable,
    private readonly municipalityId: number,
    /** The refusal of a point outside the comune (TerritoryService.outside: names the comune it is in). */
    private readonly outside: (point: Point) => Promise<AppError>,
  ) {}

  /** The nearest street to a point of the comune; OUTSIDE_MUNICIPALITY / OTHER_MUNICIPALITY otherwise. */
  async addressAt(point: Point): Promise<AddressAtRow> {
    const { lon, lat } = validatePoint(point);
    const row = await findAddressAt(this.db, this.municipalityId, lon, lat);
    if (!row?.inside) throw await this.outside({ lon, lat });
    return row;
  }

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
