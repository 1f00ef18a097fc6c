// A point and its comune on the real ISTAT boundaries (territory, loaded from comuni.geojson), checked
// against turf over the same file; and a report placed in another comune: OTHER_MUNICIPALITY when that
// comune is served here (with its name and URL), OUTSIDE_MUNICIPALITY naming it when it is not, and
// without a name in the sea.
import { readFile } from 'node:fs/promises';
import { booleanPointInPolygon } from '@turf/turf';
import type { Feature, MultiPolygon, Polygon } from 'geojson';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TERRITORY_FILE } from '../../seeds/territory.js';
import { categoryId, reportInput, streetPoint } from '../helpers/citizen.js';
import { gqlAt } from '../helpers/comune-http.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';
import { startTestApp, type TestApp } from '../helpers/graphql.js';
import { addSecondComune, type SecondComune } from '../helpers/second-comune.js';

type Comune = Feature<Polygon | MultiPolygon, { com_istat_code: string; name: string }>;
type At = { istatCode: string; name: string; served: boolean; url: string | null } | null;

const AT = 'query($p: PointInput!) { municipalityAt(location: $p) { istatCode name served url } }';
const FORTE_CENTRE = { lon: 10.1755, lat: 43.959 }; // Piazza Garibaldi
const PIETRASANTA_CENTRE = { lon: 10.2276, lat: 43.959 }; // Piazza del Duomo
const SEA_OFF_FORTE = { lon: 10.12, lat: 43.955 };

let db: TestDatabase;
let app: TestApp;
let pietrasanta: SecondComune;
let comuni: Comune[];

/** The oracle: the comuni of the ISTAT file whose polygon holds the point (turf, not PostGIS). */
function turfAt(p: { lon: number; lat: number }): string[] {
  return comuni
    .filter((c) => booleanPointInPolygon([p.lon, p.lat], c))
    .map((c) => c.properties.com_istat_code);
}

async function at(p: { lon: number; lat: number }, path = '/graphql'): Promise<At> {
  const r = await gqlAt<{ municipalityAt: At }>(app, path, AT, { p });
  expect(r.errors).toBeUndefined();
  return r.data!.municipalityAt;
}

beforeAll(async () => {
  db = await createTestDatabase();
  pietrasanta = await addSecondComune(db);
  app = await startTestApp(db.services);
  comuni = (JSON.parse(await readFile(TERRITORY_FILE, 'utf8')) as { features: Comune[] }).features;
}, 120_000);

afterAll(async () => {
  await app?.close();
  await db?.close();
});

describe('municipalityAt on the real boundaries', () => {
  it('holds all 273 comuni of Toscana', async () => {
    const { rows } = await db.pool.query<{ n: number }>('select count(*)::int as n from territory');
    expect(rows[0].n).toBe(comuni.length);
    expect(comuni.length).toBe(273);
  });

  it('the boundary parts (sql/073) cover each boundary exactly and follow a changed one', async () => {
    const { rows } = await db.pool.query<{ istat_code: string; diff: number; parts: number }>(
      `select t.istat_code, count(p.part)::int as parts,
         st_area(st_symdifference(st_union(p.part), t.boundary)) / st_area(t.boundary) as diff
       from territory t join territory_part p using (istat_code)
       group by t.istat_code, t.boundary order by 1`,
    );
    expect(rows).toHaveLength(273);
    expect(rows.filter((r) => r.diff > 1e-9)).toEqual([]);
    expect(Math.max(...rows.map((r) => r.parts))).toBeGreaterThan(1);
    // An interior point of every comune answers that comune.
    const { rows: wrong } = await db.pool.query<{ istat_code: string }>(
      `select t.istat_code from territory t
       cross join lateral (select st_pointonsurface(t.boundary) as p) s
       where (select p.istat_code from territory_part p where st_intersects(p.part, s.p)
              order by p.istat_code limit 1) is distinct from t.istat_code
         and not exists (select 1 from territory o where o.istat_code < t.istat_code and st_intersects(o.boundary, s.p))`,
    );
    expect(wrong).toEqual([]);
    // A boundary rewritten (in a transaction put back): its parts are the new boundary's.
    const tx = await db.pool.connect();
    try {
      await tx.query('begin');
      await tx.query(
        `update territory set boundary = st_multi(st_buffer(st_setsrid(st_makepoint(10.1, 43.9), 4326), 0.01))
         where istat_code = '046013'`,
      );
      const moved = await tx.query<{ istat_code: string }>(
        `select istat_code from territory_part where st_intersects(part, st_setsrid(st_makepoint(10.1, 43.9), 4326))`,
      );
      expect(moved.rows).toEqual([{ istat_code: '046013' }]);
    } finally {
      await tx.query('rollback');
      tx.release();
    }
  });

  it("Forte dei Marmi's centre: not served here, no URL", async () => {
    expect(turfAt(FORTE_CENTRE)).toEqual(['046013']);
    expect(await at(FORTE_CENTRE)).toEqual({
      istatCode: '046013',
      name: 'Forte dei Marmi',
      served: false,
      url: null,
    });
  });

  it('Pietrasanta: served, with the URL of its pages, from any comune asked', async () => {
    expect(turfAt(PIETRASANTA_CENTRE)).toEqual(['046024']);
    const expected = {
      istatCode: '046024',
      name: 'Pietrasanta',
      served: true,
      url: 'http://segnala.test/c/046024/',
    };
    expect(await at(PIETRASANTA_CENTRE)).toEqual(expected);
    expect(await at(PIETRASANTA_CENTRE, '/c/046024/graphql')).toEqual(expected);
  });

  it('the sea off Forte dei Marmi is in no comune', async () => {
    expect(turfAt(SEA_OFF_FORTE)).toEqual([]);
    expect(await at(SEA_OFF_FORTE)).toBeNull();
  });

  it('either side of the Seravezza–Stazzema line, as the geometry says', async () => {
    // The shared border, its middle, and the two comuni's interiors seen from there.
    const { rows } = await db.pool.query<{ lon: number; lat: number; dx: number; dy: number }>(
      `with b as (
         select st_linemerge(st_intersection(a.boundary, z.boundary)) as line
         from territory a, territory z where a.istat_code = '046028' and z.istat_code = '046030'),
       m as (select st_lineinterpolatepoint(st_geometryn(line, 1), 0.5) as p,
                    st_lineinterpolatepoint(st_geometryn(line, 1), 0.51) as q from b)
       select st_x(p) as lon, st_y(p) as lat, st_x(q) - st_x(p) as dx, st_y(q) - st_y(p) as dy from m`,
    );
    const { lon, lat, dx, dy } = rows[0];
    const norm = Math.hypot(dx, dy);
    // 100 m (~0.0009°) either way, perpendicular to the border.
    const side = (s: number) => ({
      lon: lon - (s * dy * 0.0009) / norm,
      lat: lat + (s * dx * 0.0009) / norm,
    });
    const answers = [];
    for (const s of [1, -1]) {
      const p = side(s);
      const expected = turfAt(p);
      expect(expected).toHaveLength(1);
      answers.push(expected[0]);
      expect((await at(p))?.istatCode).toBe(expected[0]);
    }
    expect(answers.sort()).toEqual(['046028', '046030']);
    // On the line itself: one of the two, always the same one.
    const onLine = (await at({ lon, lat }))?.istatCode;
    expect(['046028', '046030']).toContain(onLine);
    expect((await at({ lon, lat }))?.istatCode).toBe(onLine);
  });

  it('bad coordinates are refused with a coded error', async () => {
    const r = await gqlAt(app, '/graphql', AT, { p: { lon: 200, lat: 10 } });
    expect(r.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });
});

describe('a report placed in another comune', () => {
  let pothole: string;
  const report = (point: { lon: number; lat: number }, path = '/graphql', category = pothole) =>
    gqlAt<{ submitReport: { ticket: { code: string } } }>(
      app,
      path,
      'mutation($input: SubmitReportInput!) { submitReport(input: $input) { ticket { code } } }',
      { input: reportInput(category, point) },
      { 'x-forwarded-for': `198.51.100.${Math.floor(Math.random() * 200) + 1}` },
    );

  beforeAll(async () => {
    pothole = await categoryId(db, 'buca_stradale');
  });

  it('in a served comune → OTHER_MUNICIPALITY with its name and URL', async () => {
    const r = await report(PIETRASANTA_CENTRE);
    expect(r.errors?.[0].extensions).toEqual({
      code: 'OTHER_MUNICIPALITY',
      field: 'location',
      municipality: {
        istatCode: '046024',
        name: 'Pietrasanta',
        url: 'http://segnala.test/c/046024/',
      },
    });
    expect(r.errors?.[0].message).toContain('Comune di Pietrasanta');
  });

  it('in a comune not served here → OUTSIDE_MUNICIPALITY naming it', async () => {
    const r = await report(FORTE_CENTRE);
    expect(r.errors?.[0].message).toBe(
      'Il punto è nel Comune di Forte dei Marmi, che non usa questo servizio: contatta il Comune.',
    );
    expect(r.errors?.[0].extensions).toEqual({
      code: 'OUTSIDE_MUNICIPALITY',
      field: 'location',
      municipality: { istatCode: '046013', name: 'Forte dei Marmi', url: null },
    });
  });

  it('in the sea → OUTSIDE_MUNICIPALITY without a comune', async () => {
    const r = await report(SEA_OFF_FORTE);
    expect(r.errors?.[0].extensions).toEqual({ code: 'OUTSIDE_MUNICIPALITY', field: 'location' });
  });

  it('the other way round, and a report inside the second comune gets its own code', async () => {
    // The default comune's (Seravezza, or the one SEGNALA_TEST_COMUNE names).
    const homePoint = await streetPoint(db);
    const ptsPothole = await categoryId(pietrasanta.db, 'buca_stradale');
    const back = await report(homePoint, '/c/046024/graphql', ptsPothole);
    expect(back.errors?.[0].extensions?.code).toBe('OTHER_MUNICIPALITY');
    expect(back.errors?.[0].extensions?.municipality).toMatchObject({
      istatCode: db.municipality.istat_code,
    });
    const ok = await report(PIETRASANTA_CENTRE, '/pietrasanta/graphql', ptsPothole);
    expect(ok.errors).toBeUndefined();
    expect(ok.data?.submitReport.ticket.code).toMatch(/^PTS-/);
    // Its mails link to its own pages, under its prefix.
    const code = ok.data!.submitReport.ticket.code;
    const { rows } = await db.pool.query<{ body_text: string; kind: string }>(
      `select o.body_text, o.kind from notification_outbox o join ticket t on t.id = o.ticket_id
       where t.code = $1 and o.municipality_id = $2`,
      [code, pietrasanta.municipality.id],
    );
    const citizen = rows.find((r) => !r.kind.startsWith('office_'))!;
    expect(citizen.body_text).toContain(`http://segnala.test/c/046024/segnalazioni/${code}`);
    expect(citizen.body_text).toMatch(/http:\/\/segnala\.test\/c\/046024\/unsubscribe\//);
    const office = rows.find((r) => r.kind.startsWith('office_'))!;
    // The office opens the ticket in the staff area, not on the public page.
    expect(office.body_text).toMatch(/http:\/\/segnala\.test\/c\/046024\/ufficio\/\d+/);
  });
});
