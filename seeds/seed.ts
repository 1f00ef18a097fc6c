// Loads the Seravezza reference data (boundary, offices, categories, streets) and, for the demo,
// generated tickets. Idempotent: rows that exist are left as they are.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type pg from 'pg';
import { withTransaction } from '../server/db/pool.js';
import { insertCatalog, insertQuestions } from './catalog-insert.js';
import { CATEGORIES, OFFICES, QUESTIONS, SERAVEZZA } from './seravezza.catalog.js';
import { loadStreets, readGeneratedStreets } from './streets.js';
import { insertDemoTickets } from './demo-tickets.js';
import { projectPath } from '../server/project-root.js';
import { loadTerritory } from './territory.js';

export const SEED_DATA_DIR = projectPath('seeds', 'data', 'seravezza');

export interface SeedOptions {
  /** Mark the database as a demo one (demo accounts may then be created). */
  demo: boolean;
  /** Demo tickets to generate when the municipality has none. */
  demoTickets: number;
  /** PRNG seed for the demo tickets (same seed → same tickets). */
  seed?: number;
  log?: (message: string) => void;
}

export interface SeedResult {
  created: boolean;
  streets: number;
  tickets: number;
}

async function readBoundaryGeoJson(): Promise<string> {
  const collection = JSON.parse(
    await readFile(path.join(SEED_DATA_DIR, 'boundary.geojson'), 'utf8'),
  ) as {
    features: { geometry: unknown }[];
  };
  return JSON.stringify(collection.features[0].geometry);
}

export async function seedSeravezza(pool: pg.Pool, options: SeedOptions): Promise<SeedResult> {
  const log = options.log ?? (() => undefined);
  const boundary = await readBoundaryGeoJson();
  const streetFeatures = await readGeneratedStreets();
  const result = await withTransaction(pool, async (tx) => {
    const inserted = await tx.query(
      `insert into municipality (id, name, istat_code, code_prefix, local_srid, boundary, demo)
       values ($1, $2, $3, $4, $5, st_multi(st_setsrid(st_geomfromgeojson($6), 4326)), $7)
       on conflict (id) do nothing`,
      [
        SERAVEZZA.id,
        SERAVEZZA.name,
        SERAVEZZA.istatCode,
        SERAVEZZA.codePrefix,
        SERAVEZZA.localSrid,
        boundary,
        options.demo,
      ],
    );
    await insertCatalog(tx, SERAVEZZA.id, OFFICES, CATEGORIES);
    await insertQuestions(tx, SERAVEZZA.id, QUESTIONS);
    const { rows } = await tx.query<{ n: number }>(
      'select count(*)::int as n from street where municipality_id = $1',
      [SERAVEZZA.id],
    );
    const streets =
      rows[0].n > 0 ? 0 : await loadStreets(tx, SERAVEZZA.id, streetFeatures, 'generated');
    return { created: (inserted.rowCount ?? 0) > 0, streets };
  });
  const comuni = await loadTerritory(pool);
  if (comuni > 0) log(`Seed: confini di ${comuni} comuni della Toscana.`);
  if (result.created)
    log(
      `Seed: Comune di ${SERAVEZZA.name}, ${OFFICES.length} uffici, ${CATEGORIES.length} categorie, ${result.streets} vie.`,
    );
  if (options.demo) await (await import('./demo-staff.js')).seedDemoStaff(pool, SERAVEZZA.id, log);

  let tickets = 0;
  if (options.demoTickets > 0) {
    const { rows } = await pool.query<{ n: number }>(
      'select count(*)::int as n from ticket where municipality_id = $1',
      [SERAVEZZA.id],
    );
    if (rows[0].n === 0) {
      const started = Date.now();
      tickets = (
        await insertDemoTickets(pool, SERAVEZZA.id, {
          count: options.demoTickets,
          seed: options.seed ?? 46028,
        })
      ).inserted;
      log(
        `Seed: ${tickets} segnalazioni dimostrative in ${((Date.now() - started) / 1000).toFixed(1)} s.`,
      );
    }
  }
  return { ...result, tickets };
}
