// Street geometries of the seed: the committed generated file (data/seravezza/streets.generated.geojson)
// and the bulk insert into `street`. Lengths are measured by PostGIS on the spheroid (geography).
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type {
  Feature,
  FeatureCollection,
  LineString,
  MultiLineString,
  MultiPolygon,
  Polygon,
} from 'geojson';
import type pg from 'pg';
import { SERAVEZZA_DATA_DIR } from './street-names.js';

export const GENERATED_STREETS_FILE = path.join(SERAVEZZA_DATA_DIR, 'streets.generated.geojson');
export const BOUNDARY_FILE = path.join(SERAVEZZA_DATA_DIR, 'boundary.geojson');

export interface StreetProperties {
  /** Official register name, upper case (the key of `street`). */
  name: string;
  name_display: string;
  anncsu_id: number | null;
  /** True when the geometry was made up by the generator, not surveyed. */
  generated: boolean;
}

export type StreetFeature = Feature<LineString | MultiLineString, StreetProperties>;

export async function readGeneratedStreets(
  file = GENERATED_STREETS_FILE,
): Promise<StreetFeature[]> {
  const collection = JSON.parse(await readFile(file, 'utf8')) as FeatureCollection<
    LineString | MultiLineString,
    StreetProperties
  >;
  return collection.features;
}

export async function readBoundary(file = BOUNDARY_FILE): Promise<Feature<Polygon | MultiPolygon>> {
  const collection = JSON.parse(await readFile(file, 'utf8')) as FeatureCollection<
    Polygon | MultiPolygon
  >;
  return collection.features[0];
}

// One statement per batch: arrays travel as parameters and unnest() turns them into rows.
const INSERT_STREETS = `
  insert into street (municipality_id, name, name_display, anncsu_id, geom, length_m, geometry_source)
  select $1, s.name, s.name_display, s.anncsu_id, s.geom, st_length(s.geom::geography), $6
  from (
    select u.name, u.name_display, u.anncsu_id, st_multi(st_setsrid(st_geomfromgeojson(u.geojson), 4326)) as geom
    from unnest($2::text[], $3::text[], $4::bigint[], $5::text[]) as u(name, name_display, anncsu_id, geojson)
  ) s
  on conflict (municipality_id, name) do nothing`;

const BATCH = 200;

/** Inserts the streets (names already in the table are skipped); returns how many rows were added. */
export async function loadStreets(
  db: pg.PoolClient | pg.Pool,
  municipalityId: number,
  features: StreetFeature[],
  source: 'generated' | 'imported',
): Promise<number> {
  let inserted = 0;
  for (let i = 0; i < features.length; i += BATCH) {
    const batch = features.slice(i, i + BATCH);
    const result = await db.query(INSERT_STREETS, [
      municipalityId,
      batch.map((f) => f.properties.name.toUpperCase()),
      batch.map((f) => f.properties.name_display),
      batch.map((f) => f.properties.anncsu_id),
      batch.map((f) => JSON.stringify(f.geometry)),
      source,
    ]);
    inserted += result.rowCount ?? 0;
  }
  return inserted;
}
