import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { inject } from 'vitest';
import { migrate } from '../../server/db/migrate.js';
import { openDatabase, type Database } from '../../server/db/database.js';
import { adminUrlFor } from '../helpers/global-setup.js';

// Applies every migration to a database that has nothing, then again: the second run must change nothing.
describe('migrations', () => {
  let db: Database;
  let dropDatabase: () => Promise<void> = async () => undefined;

  beforeAll(async () => {
    const setup = inject('testDatabase');
    if (setup.kind === 'postgres') {
      const name = `segnala_empty_${process.pid}`;
      const admin = new pg.Client({ connectionString: setup.adminUrl });
      await admin.connect();
      await admin.query(`drop database if exists ${name}`);
      await admin.query(`create database ${name}`);
      await admin.end();
      db = await openDatabase({ databaseUrl: adminUrlFor(setup.adminUrl, name), embeddedDir: undefined, poolSize: 2 });
      dropDatabase = async () => {
        const c = new pg.Client({ connectionString: setup.adminUrl });
        await c.connect();
        await c.query(`drop database if exists ${name} with (force)`);
        await c.end();
      };
    } else {
      db = await openDatabase({ databaseUrl: undefined, embeddedDir: undefined }); // in memory, empty
    }
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
      'municipality', 'office', 'category', 'street', 'ticket', 'reporter', 'ticket_supporter', 'ticket_event',
      'attachment', 'notification_outbox', 'staff_user', 'api_token',
    ]) {
      expect(tables).toContain(table);
    }
    // Every table of ours but the root one carries municipality_id (schema_version is postgrator's; spatial_ref_sys PostGIS's).
    const { rows: missing } = await db.pool.query<{ table_name: string }>(
      `select t.table_name from information_schema.tables t
       where t.table_schema = 'public' and t.table_type = 'BASE TABLE'
         and t.table_name not in ('municipality', 'schema_version', 'spatial_ref_sys')
         and not exists (select 1 from information_schema.columns c
                         where c.table_schema = 'public' and c.table_name = t.table_name and c.column_name = 'municipality_id')`,
    );
    expect(missing).toEqual([]);
    const { rows: statuses } = await db.pool.query<{ v: string }>(`select unnest(enum_range(null::ticket_status))::text as v`);
    expect(statuses.map((s) => s.v)).toEqual(['received', 'acknowledged', 'in_progress', 'resolved', 'rejected', 'duplicate']);
  });

  it('applied twice change nothing', async () => {
    const before = await db.pool.query(`select version, md5 from schema_version order by version`);
    const again = await migrate(db.pool);
    expect(again.applied).toEqual([]);
    const after = await db.pool.query(`select version, md5 from schema_version order by version`);
    expect(after.rows).toEqual(before.rows);
  });

  it('enforce the CHECK constraints on coordinates and priority', async () => {
    await expect(
      db.pool.query(`insert into municipality (id, name, istat_code, code_prefix, local_srid, boundary)
                     values (9, 'X', '12345', 'XXX', 32632, st_multi(st_makeenvelope(0,0,1,1,4326)))`),
    ).rejects.toThrow(/istat_code/);
  });
});
