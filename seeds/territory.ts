// Loads the ISTAT boundaries of the 273 comuni of Toscana (seeds/data/toscana/comuni.geojson) into
// `territory`, so that a point can be told which comune it is in, served or not. Idempotent: a comune
// already there is left as it is. Plain INSERTs in batches (COPY does not pass PGlite's socket).
import { readFile } from 'node:fs/promises';
import type pg from 'pg';
import { withTransaction } from '../server/db/pool.js';
import { projectPath } from '../server/project-root.js';

export const TERRITORY_FILE = projectPath('seeds', 'data', 'toscana', 'comuni.geojson');
const BATCH = 25;

interface TerritoryFeature {
  geometry: unknown;
  properties: {
    name: string;
    com_istat_code: string;
    com_catasto_code: string;
    prov_acr: string;
    reg_name: string;
  };
}

// One statement per batch: the features travel as one JSON parameter, unpacked in SQL.
const INSERT_BATCH = `
  insert into territory (istat_code, name, catasto_code, province_code, region_name, boundary)
  select f->>'istat', f->>'name', f->>'catasto', f->>'province', f->>'region',
         st_multi(st_setsrid(st_geomfromgeojson(f->>'geometry'), 4326))
  from json_array_elements($1::json) f
  on conflict (istat_code) do nothing`;

/** True when the territory already holds every comune of the file (the cheap warm-start check). */
export async function territoryLoaded(pool: pg.Pool, expected = 273): Promise<boolean> {
  const { rows } = await pool.query<{ n: number }>('select count(*)::int as n from territory');
  return rows[0].n >= expected;
}

/** Loads the Toscana boundaries; returns how many comuni were added (0 on a warm start). */
export async function loadTerritory(pool: pg.Pool, file = TERRITORY_FILE): Promise<number> {
  // A schema from before migration 040 (the upgrade tests seed one) has no territory to fill.
  const { rows } = await pool.query<{ exists: boolean }>(
    "select to_regclass('public.territory') is not null as exists",
  );
  if (!rows[0].exists) return 0;
  // Checked before the 2 MB file is even read: a warm start costs one count.
  if (file === TERRITORY_FILE && (await territoryLoaded(pool))) return 0;
  const { features } = JSON.parse(await readFile(file, 'utf8')) as {
    features: TerritoryFeature[];
  };
  return withTransaction(pool, async (tx) => {
    let added = 0;
    for (let i = 0; i < features.length; i += BATCH) {
      const batch = features.slice(i, i + BATCH).map((f) => ({
        istat: f.properties.com_istat_code,
        name: f.properties.name,
        catasto: f.properties.com_catasto_code,
        province: f.properties.prov_acr,
        region: f.properties.reg_name,
        geometry: JSON.stringify(f.geometry),
      }));
      added += (await tx.query(INSERT_BATCH, [JSON.stringify(batch)])).rowCount ?? 0;
    }
    return added;
  });
}
