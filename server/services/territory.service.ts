// Which comune a point is in (any comune of the loaded territory, served here or not), and the one
// refusal of a report placed outside the comune it was sent to: OTHER_MUNICIPALITY when the point is
// in another comune this deployment serves (with its name and URL, so the form can continue there),
// OUTSIDE_MUNICIPALITY otherwise (naming the comune when the point is in one, e.g. not in the sea).
import type pg from 'pg';
import type { Config } from '../config.js';
import type { MunicipalityRow } from '../db/municipality.queries.js';
import { findPlacesByName, findTerritoryAt } from '../db/territory.queries.js';
import { AppError } from '../domain/app-error.js';
import { comuneUrl } from '../domain/comune-url.js';
import { validatePoint, type Point } from '../domain/point.js';

export interface PlaceComune {
  istatCode: string;
  name: string;
  served: boolean;
  /** The served comune's pages (its own host, or /c/{istat}/ under PUBLIC_URL); null when not served. */
  url: string | null;
  /** The comune's own host name, if it has one. */
  host: string | null;
}

export class TerritoryService {
  constructor(
    private readonly pool: pg.Pool,
    private readonly config: Config,
  ) {}

  /** The comune a point is in, or null (the sea, outside the loaded territory). */
  async at(point: Point): Promise<PlaceComune | null> {
    const { lon, lat } = validatePoint(point);
    const row = await findTerritoryAt(this.pool, lon, lat);
    if (!row) return null;
    return {
      istatCode: row.istat_code,
      name: row.name,
      served: row.served,
      url: row.served ? comuneUrl(this.config.publicUrl, row.istat_code, row.host) : null,
      host: row.host,
    };
  }

  /** Comuni and served streets whose names contain `text` ("Dove si trova questo posto?"). */
  async search(text: string): Promise<(PlaceComune & { street: string | null })[]> {
    const rows = await findPlacesByName(this.pool, text.slice(0, 100));
    return rows.map((r) => ({
      istatCode: r.istat_code,
      name: r.name,
      served: r.served,
      street: r.street,
      url: r.served ? comuneUrl(this.config.publicUrl, r.istat_code, r.host) : null,
      host: r.host,
    }));
  }

  /** The error for a point outside `requested`'s boundary, naming the comune it is in. */
  async outside(requested: MunicipalityRow, point: Point): Promise<AppError> {
    const found = await this.at(point);
    if (found && found.istatCode !== requested.istat_code) {
      const municipality = { istatCode: found.istatCode, name: found.name, url: found.url };
      return found.served
        ? new AppError(
            'OTHER_MUNICIPALITY',
            `Il punto è nel Comune di ${found.name}: la segnalazione va fatta sul suo sito.`,
            { field: 'location', municipality },
          )
        : new AppError(
            'OUTSIDE_MUNICIPALITY',
            `Il punto è nel Comune di ${found.name}, che non usa questo servizio: contatta il Comune.`,
            { field: 'location', municipality },
          );
    }
    return new AppError(
      'OUTSIDE_MUNICIPALITY',
      `Il punto indicato è fuori dal territorio del Comune di ${requested.name}.`,
      { field: 'location' },
    );
  }
}
