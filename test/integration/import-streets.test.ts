import { readFile } from 'node:fs/promises';
import type { FeatureCollection, Geometry } from 'geojson';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { insertDemoTickets } from '../../seeds/demo-tickets.js';
import { SERAVEZZA } from '../../seeds/seravezza.catalog.js';
import { streetNameKey } from '../../seeds/street-name-key.js';
import { importStreets } from '../../seeds/street-import.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';

// A sample of Seravezza's real street network: it is imported into Seravezza's row, which is there
// (closed) with SEGNALA_TEST_COMUNE too (test-comune.ts).
const FIXTURE = new URL('../fixtures/streets-sample.geojson', import.meta.url);
let db: TestDatabase;
let fixture: FeatureCollection<Geometry | null>;

beforeAll(async () => {
  fixture = JSON.parse(await readFile(FIXTURE, 'utf8')) as FeatureCollection<Geometry | null>;
});

describe('street name key', () => {
  it('ignores case, accents and the register apostrophe-accents', () => {
    expect(streetNameKey('Via Fortunato Federigi')).toBe(streetNameKey('VIA FORTUNATO FEDERIGI'));
    expect(streetNameKey('Via Città')).toBe(streetNameKey("VIA CITTA'"));
    expect(streetNameKey('Piazza Giosuè Carducci')).toBe(streetNameKey("PIAZZA GIOSUE' CARDUCCI"));
    expect(streetNameKey('Via Gabriele D’Annunzio')).toBe(streetNameKey("VIA GABRIELE D'ANNUNZIO"));
    expect(streetNameKey('Via Campana')).not.toBe(streetNameKey('Via Campana Alta'));
  });
});

describe('import:streets', () => {
  // Each import starts from the seeded streets: one test adds a street the other must not see.
  beforeEach(async () => {
    db = await createTestDatabase();
  });
  afterEach(async () => {
    await db?.close();
  });

  it('replaces matched geometries in place, reports the rest and keeps ticket street ids', async () => {
    const m = SERAVEZZA.id;
    await insertDemoTickets(db.pool, m, { count: 300, seed: 9 });
    const before = await db.pool.query<{ id: number; name: string; n: number }>(
      `select s.id, s.name, count(t.id)::int as n from street s left join ticket t on t.municipality_id = s.municipality_id and t.street_id = s.id
       where s.municipality_id = $1 group by s.id, s.name order by s.id`,
      [m],
    );

    const summary = await importStreets(db.pool, m, fixture, { addUnmatched: false });
    expect([...summary.matched].sort()).toEqual([
      "PIAZZA GIOSUE' CARDUCCI",
      'VIA CAMPANA',
      "VIA CITTA'",
      'VIA FORTUNATO FEDERIGI',
      "VIA GABRIELE D'ANNUNZIO",
    ]);
    expect(summary.unmatched).toEqual(['Via Provinciale Vallecchia']);
    expect(summary.added).toBe(0);
    expect(summary.outside).toEqual(['Viale Italico']);
    expect(summary.unchanged).toBe(297);
    expect(summary.skipped).toBe(2);

    const after = await db.pool.query(
      `select s.id, s.name, count(t.id)::int as n from street s left join ticket t on t.municipality_id = s.municipality_id and t.street_id = s.id
       where s.municipality_id = $1 group by s.id, s.name order by s.id`,
      [m],
    );
    expect(after.rows).toEqual(before.rows);
    const federigi = (
      await db.pool.query<{ source: string; parts: number; length_m: number; inside: boolean }>(
        `select geometry_source as source, st_numgeometries(geom) as parts, length_m, st_within(geom, m.boundary) as inside
       from street s join municipality m on m.id = s.municipality_id where s.municipality_id = $1 and s.name = 'VIA FORTUNATO FEDERIGI'`,
        [m],
      )
    ).rows[0];
    expect(federigi).toMatchObject({ source: 'imported', parts: 2, inside: true });
    expect(federigi.length_m).toBeGreaterThan(800);
    expect(federigi.length_m).toBeLessThan(1000);
    const sources = await db.pool.query<{ source: string; n: number }>(
      'select geometry_source as source, count(*)::int as n from street where municipality_id = $1 group by 1 order by 1',
      [m],
    );
    expect(sources.rows).toEqual([
      { source: 'generated', n: 297 },
      { source: 'imported', n: 5 },
    ]);
  });

  it('adds unmatched names only with --add-unmatched, once, and demo tickets still fit after it', async () => {
    const m = SERAVEZZA.id;
    const summary = await importStreets(db.pool, m, fixture, { addUnmatched: true });
    expect(summary.added).toBe(1);
    expect((await importStreets(db.pool, m, fixture, { addUnmatched: true })).added).toBe(0);
    const added = (
      await db.pool.query(
        `select name, name_display, geometry_source, anncsu_id from street where municipality_id = $1 and anncsu_id is null`,
        [m],
      )
    ).rows;
    expect(added).toEqual([
      {
        name: 'VIA PROVINCIALE VALLECCHIA',
        name_display: 'Via Provinciale Vallecchia',
        geometry_source: 'imported',
        anncsu_id: null,
      },
    ]);
    await insertDemoTickets(db.pool, m, { count: 300, seed: 10 });
    const outside = await db.pool.query<{ n: number }>(
      `select count(*)::int as n from ticket t join municipality m on m.id = t.municipality_id where not st_contains(m.boundary, t.location::geometry)`,
    );
    expect(outside.rows[0].n).toBe(0);
  });
});
