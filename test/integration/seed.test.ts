import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  generateDemoTickets,
  insertDemoTickets,
  loadDemoContext,
} from '../../seeds/demo-tickets.js';
import { SERAVEZZA } from '../../seeds/seravezza.catalog.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db?.close();
});

const one = async <T extends object>(sql: string, params: unknown[] = []): Promise<T> =>
  (await db.pool.query<T>(sql, params)).rows[0];

// Seravezza's own seed, there in both modes (closed with SEGNALA_TEST_COMUNE, test-comune.ts); the demo
// tickets below go to the default comune.
describe('Seravezza seed', () => {
  it.each([
    ['the town hall of Seravezza (Piazza Carducci)', 10.2285, 43.9935, true],
    ['Querceta', 10.2, 43.97, true],
    ['the centre of Forte dei Marmi', 10.1735, 43.9606, false],
    ['the centre of Pietrasanta', 10.227, 43.959, false],
  ])('boundary and %s: contains = %s', async (_label, lon, lat, inside) => {
    const row = await one<{ inside: boolean }>(
      'select st_contains(boundary, st_setsrid(st_makepoint($2, $3), 4326)) as inside from municipality where id = $1',
      [SERAVEZZA.id, lon, lat],
    );
    expect(row.inside).toBe(inside);
  });

  it('loads the 302 register streets with names, inside the boundary, marked as generated', async () => {
    const row = await one<{
      n: number;
      named: number;
      inside: number;
      generated: number;
      anncsu: number;
      short: number;
      long: number;
    }>(
      `select count(*)::int as n,
              count(*) filter (where s.name <> '' and s.name = upper(s.name) and s.name_display <> '')::int as named,
              count(*) filter (where st_within(s.geom, m.boundary))::int as inside,
              count(*) filter (where s.geometry_source = 'generated')::int as generated,
              count(s.anncsu_id)::int as anncsu,
              count(*) filter (where s.length_m < 10)::int as short,
              count(*) filter (where s.length_m > 3000)::int as long
       from street s join municipality m on m.id = s.municipality_id where s.municipality_id = $1`,
      [SERAVEZZA.id],
    );
    expect(row).toEqual({
      n: 302,
      named: 302,
      inside: 302,
      generated: 302,
      anncsu: 302,
      short: 0,
      long: 0,
    });
    const federigi = await one<{ name_display: string }>(
      `select name_display from street where municipality_id = $1 and name = 'VIA FORTUNATO FEDERIGI'`,
      [SERAVEZZA.id],
    );
    expect(federigi.name_display).toBe('Via Fortunato Federigi');
  });
});

describe('demo tickets in the database', () => {
  const NOW = Date.UTC(2026, 10, 1, 12);

  it('generates the same tickets from the same database and seed', async () => {
    const a = [
      ...generateDemoTickets(await loadDemoContext(db.pool, db.municipality.id, NOW), {
        count: 200,
        seed: 3,
      }),
    ];
    const b = [
      ...generateDemoTickets(await loadDemoContext(db.pool, db.municipality.id, NOW), {
        count: 200,
        seed: 3,
      }),
    ];
    expect(a).toEqual(b);
  });

  it('bulk-loads tickets inside the boundary with reporters, events and supporters that agree', async () => {
    const first = await insertDemoTickets(db.pool, db.municipality.id, {
      count: 1000,
      seed: 46028,
      batchSize: 400,
      now: NOW,
    });
    const indexes = `select string_agg(indexdef, ';' order by indexname) as defs from pg_indexes where tablename in ('ticket', 'ticket_event')`;
    const before = await one<{ defs: string }>(indexes);
    // The path big loads take: secondary indexes dropped and rebuilt in the same transaction.
    const second = await insertDemoTickets(db.pool, db.municipality.id, {
      count: 200,
      seed: 46029,
      now: NOW,
      rebuildIndexes: true,
    });
    expect(await one<{ defs: string }>(indexes)).toEqual(before);
    expect([first.inserted, second.inserted]).toEqual([1000, 200]);
    const row = await one<Record<string, number>>(
      `select count(*)::int as tickets,
              count(distinct t.code)::int as codes,
              count(*) filter (where t.code ~ ('^' || m.code_prefix || '-[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}$'))::int as well_formed,
              count(*) filter (where st_contains(m.boundary, t.location::geometry))::int as inside,
              count(*) filter (where t.street_id is not null)::int as on_street,
              count(*) filter (where t.supporters_count = (select count(*) from ticket_supporter s where s.municipality_id = t.municipality_id and s.ticket_id = t.id))::int as counts_agree,
              count(*) filter (where exists (select 1 from reporter r where r.municipality_id = t.municipality_id and r.ticket_id = t.id and r.email like '%@example.org'))::int as reported,
              count(*) filter (where exists (select 1 from ticket_event e where e.municipality_id = t.municipality_id and e.ticket_id = t.id and e.kind = 'received'))::int as received_events,
              count(*) filter (where t.due_at = t.created_at + c.sla_hours * interval '1 hour')::int as due_ok
       from ticket t join municipality m on m.id = t.municipality_id join category c on c.municipality_id = t.municipality_id and c.id = t.category_id
       where t.municipality_id = $1`,
      [db.municipality.id],
    );
    const n = 1200;
    expect(row).toEqual({
      tickets: n,
      codes: n,
      well_formed: n,
      inside: n,
      on_street: n,
      counts_agree: n,
      reported: n,
      received_events: n,
      due_ok: n,
    });
    const dup = await one<{ n: number; ok: number }>(
      `select count(*)::int as n,
              count(*) filter (where o.category_id = d.category_id and o.created_at <= d.created_at
                               and o.status in ('received', 'acknowledged', 'in_progress', 'resolved')
                               and st_dwithin(o.location, d.location, c.duplicate_radius_m))::int as ok
       from ticket d join ticket o on o.municipality_id = d.municipality_id and o.id = d.duplicate_of
       join category c on c.municipality_id = d.municipality_id and c.id = d.category_id where d.municipality_id = $1`,
      [db.municipality.id],
    );
    expect(dup.n).toBeGreaterThan(10);
    expect(dup.ok).toBe(dup.n);
    // New tickets after the demo ones get fresh ids from the identity.
    const next = await one<{ next: number; max: number }>(
      `select nextval(pg_get_serial_sequence('ticket', 'id'))::int as next, (select max(id)::int from ticket) as max`,
    );
    expect(next.next).toBeGreaterThan(next.max);
  }, 120_000);
});
