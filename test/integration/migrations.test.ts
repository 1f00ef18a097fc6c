import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { inject } from 'vitest';
import { migrate } from '../../server/db/migrate.js';
import { openDatabase, type Database } from '../../server/db/database.js';
import { adminUrlFor } from '../helpers/global-setup.js';
import { heatmapCells, type AnalyticsScope } from '../../server/db/analytics.queries.js';
import { kpiRows } from '../../server/db/kpi.queries.js';
import { seedSeravezza } from '../../seeds/seed.js';
import { categoryIds, hours, insertTickets, offset } from './analytics-fixtures.js';

/** A database with nothing in it (a real one on PostgreSQL, in memory on PGlite), migrated up to `migrateTo`. */
async function openEmpty(
  suffix: string,
  migrateTo?: string,
): Promise<{ db: Database; drop: () => Promise<void> }> {
  const setup = inject('testDatabase');
  if (setup.kind !== 'postgres')
    return {
      db: await openDatabase({ databaseUrl: undefined, embeddedDir: undefined, migrateTo }),
      drop: async () => undefined,
    };
  const name = `segnala_${suffix}_${process.pid}`;
  const admin = async (sql: string) => {
    const c = new pg.Client({ connectionString: setup.adminUrl });
    await c.connect();
    try {
      await c.query(sql);
    } finally {
      await c.end();
    }
  };
  await admin(`drop database if exists ${name}`);
  await admin(`create database ${name}`);
  const db = await openDatabase({
    databaseUrl: adminUrlFor(setup.adminUrl, name),
    embeddedDir: undefined,
    poolSize: 2,
    migrateTo,
  });
  return { db, drop: () => admin(`drop database if exists ${name} with (force)`) };
}

// Applies every migration to a database that has nothing, then again: the second run must change nothing.
describe('migrations', () => {
  let db: Database;
  let dropDatabase: () => Promise<void> = async () => undefined;

  beforeAll(async () => {
    ({ db, drop: dropDatabase } = await openEmpty('empty'));
  }, 120_000);

  afterAll(async () => {
    await db?.close();
    await dropDatabase();
  });

  it('apply to an empty database and create the whole data model', async () => {
    expect(db.migration.applied.length).toBeGreaterThan(0);
    const { rows } = await db.pool.query<{ table_name: string }>(
      `select table_name from information_schema.tables where table_schema = 'public' order by 1`,
    );
    const tables = rows.map((r) => r.table_name);
    for (const table of [
      'municipality',
      'office',
      'category',
      'street',
      'ticket',
      'reporter',
      'ticket_supporter',
      'ticket_event',
      'attachment',
      'notification_outbox',
      'staff_user',
      'api_token',
    ]) {
      expect(tables).toContain(table);
    }
    // Every table of ours but the root one carries municipality_id (schema_version is postgrator's;
    // spatial_ref_sys PostGIS's; territory (and its parts, 073) is reference data about every comune,
    // served or not; platform_user and platform_session are the deployment's operators, staff of no comune: 043).
    const { rows: missing } = await db.pool.query<{ table_name: string }>(
      `select t.table_name from information_schema.tables t
       where t.table_schema = 'public' and t.table_type = 'BASE TABLE'
         and t.table_name not in ('municipality', 'schema_version', 'spatial_ref_sys', 'territory',
                                  'territory_part', 'platform_user', 'platform_session')
         and not exists (select 1 from information_schema.columns c
                         where c.table_schema = 'public' and c.table_name = t.table_name and c.column_name = 'municipality_id')`,
    );
    expect(missing).toEqual([]);
    const { rows: statuses } = await db.pool.query<{ v: string }>(
      `select unnest(enum_range(null::ticket_status))::text as v`,
    );
    expect(statuses.map((s) => s.v)).toEqual([
      'received',
      'acknowledged',
      'in_progress',
      'resolved',
      'rejected',
      'duplicate',
    ]);
  });

  it('applied twice change nothing', async () => {
    const before = await db.pool.query(`select version, md5 from schema_version order by version`);
    const again = await migrate(db.pool);
    expect(again.applied).toEqual([]);
    const after = await db.pool.query(`select version, md5 from schema_version order by version`);
    expect(after.rows).toEqual(before.rows);
  });

  it('on a current database a warm start checks them in one query', async () => {
    const { version } = await migrate(db.pool);
    const client = await db.pool.connect();
    const query = client.query.bind(client);
    const sent: string[] = [];
    client.query = ((text: unknown, ...rest: unknown[]) => {
      sent.push(typeof text === 'string' ? text : String((text as { text?: string })?.text));
      return (query as (...a: unknown[]) => unknown)(text, ...rest);
    }) as typeof client.query;
    // migrate() releases the client it was given.
    const counting = { connect: async () => client } as unknown as pg.Pool;
    try {
      const result = await migrate(counting);
      expect(result.applied).toEqual([]);
      expect(result.version).toBe(version);
      expect(sent).toEqual(['select version::text as version, md5 from schema_version']);
    } finally {
      client.query = query;
    }
  });

  it('an applied migration whose file changed is still refused, naming it', async () => {
    const { rows } = await db.pool.query<{ md5: string }>(
      'select md5 from schema_version where version = 1',
    );
    await db.pool.query("update schema_version set md5 = 'edited' where version = 1");
    try {
      await expect(migrate(db.pool)).rejects.toThrow(/MD5 checksum failed for migration \[1\]/);
    } finally {
      await db.pool.query('update schema_version set md5 = $1 where version = 1', [rows[0].md5]);
    }
  });

  it('enforce the CHECK constraints on coordinates and priority', async () => {
    // Inside one transaction that is rolled back, so the empty database stays empty for the others.
    const client = await db.pool.connect();
    const violated = async (sql: string, values: unknown[]): Promise<string | undefined> => {
      await client.query('savepoint attempt');
      try {
        await client.query(sql, values);
        return undefined;
      } catch (error) {
        return (error as { constraint?: string }).constraint;
      } finally {
        await client.query('rollback to savepoint attempt');
      }
    };
    try {
      await client.query('begin');
      const municipality = `insert into municipality (id, name, istat_code, code_prefix, local_srid, boundary)
        values (9, 'X', $1, 'XXX', 32632, st_multi(st_makeenvelope(10, 43, 11, 44, 4326)))`;
      expect(await violated(municipality, ['12345'])).toBe('municipality_istat_code_check');
      await client.query(municipality, ['123456']);
      await client.query(`insert into office (municipality_id, id, code, name, email)
                          values (9, 1, 'o', 'Office', 'o@example.org')`);
      await client.query(`insert into category (municipality_id, id, code, office_id, name_it, name_en,
                                                sla_hours, duplicate_radius_m)
                          values (9, 1, 'c', 1, 'C', 'C', 24, 50)`);
      const ticket = `insert into ticket (municipality_id, code, category_id, office_id, priority, title,
                                          description, location, due_at)
        values (9, $1, 1, 1, $2, 't', 'd', st_setsrid(st_makepoint($3, $4), 4326)::geography, now())`;
      // The same row with good values goes in: each refusal below is the constraint, not the row.
      expect(await violated(ticket, ['XXX-AAAA-0001', 3, 10.5, 43.5])).toBeUndefined();
      for (const priority of [0, 5])
        expect(await violated(ticket, ['XXX-AAAA-0002', priority, 10.5, 43.5])).toBe(
          'ticket_priority_check',
        );
      // geography wraps out-of-range numbers into range, but a coordinate that is not a number
      // (NaN, or Infinity, which PostGIS turns into NaN) must not be stored.
      for (const [lon, lat] of [
        [Number.NaN, 43.5],
        [10.5, Number.NaN],
        [Number.POSITIVE_INFINITY, 43.5],
      ])
        expect(await violated(ticket, ['XXX-AAAA-0003', 3, lon, lat])).toBe(
          'ticket_location_check',
        );
    } finally {
      await client.query('rollback');
      client.release();
    }
  });
});

// A database that already holds tickets when the rollups arrive (033): the migration fills them from the tickets.
describe('upgrading to the analytics rollups', () => {
  let db: Database;
  let drop: () => Promise<void> = async () => undefined;

  beforeAll(async () => {
    ({ db, drop } = await openEmpty('upgrade', '32'));
  }, 120_000);

  afterAll(async () => {
    await db?.close();
    await drop();
  });

  it('fills the rollups from the tickets already there', async () => {
    expect(db.migration.version).toBe(32);
    await seedSeravezza(db.pool, { demo: false, demoTickets: 0, log: () => undefined });
    const {
      rows: [m],
    } = await db.pool.query<{ id: number; local_srid: number }>(
      'select id, local_srid from municipality',
    );
    const cats = await categoryIds(db.pool, m.id);
    const now = new Date('2026-06-15T10:00:00Z');
    await insertTickets(
      db.pool,
      m.id,
      Array.from({ length: 40 }, (_, i) => ({
        categoryId: cats[i % 3],
        at: offset(i * 37, i * 53),
        createdAt: hours(now, -24 * i - 5),
        status:
          i % 4 === 0
            ? ('resolved' as const)
            : i % 4 === 1
              ? ('acknowledged' as const)
              : ('received' as const),
        acknowledgedAt: i % 4 < 2 ? hours(now, -24 * i) : null,
        resolvedAt: i % 4 === 0 ? hours(now, -24 * i + 30 + i) : null,
        supporters: i % 3,
      })),
    );
    const upgraded = await migrate(db.pool);
    expect(upgraded.applied).toContain('33.analytics-rollups');
    const scope: AnalyticsScope = {
      municipalityId: m.id,
      localSrid: m.local_srid,
      filter: {},
      now,
    };
    const rows = await kpiRows(db.pool, scope, 'category', 'rollup');
    expect(rows.reduce((sum, r) => sum + r.received, 0)).toBe(40);
    expect(rows).toEqual(await kpiRows(db.pool, scope, 'category', 'tickets'));
    expect(await heatmapCells(db.pool, scope, 100, 'rollup')).toEqual(
      await heatmapCells(db.pool, scope, 100, 'tickets'),
    );
  });
});
