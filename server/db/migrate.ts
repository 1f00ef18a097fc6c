// Applies the numbered migrations in sql/ with postgrator (checksums guard committed files).
import { readdirSync } from 'node:fs';
import path from 'node:path';
import Postgrator from 'postgrator';
import type pg from 'pg';
import { projectPath } from '../project-root.js';
import { queryOne, type Queryable } from './pool.js';

const SQL_DIR = projectPath('sql');

export interface MigrationResult {
  applied: string[];
  version: number;
}

/** Applies every pending migration, or only those up to `target` (a version number as text, for upgrade tests). */
export async function migrate(pool: pg.Pool, target?: string): Promise<MigrationResult> {
  const client = await pool.connect();
  try {
    const postgratorFor = (database: string) =>
      new Postgrator({
        migrationPattern: path.join(SQL_DIR, '*.sql'),
        driver: 'pg',
        database,
        schemaTable: 'schema_version',
        execQuery: (sql: string) => client.query(sql),
      });
    if (!target) {
      // Only reads sql/ (the database name matters to postgrator's own queries, not to this check).
      const current = await currentVersion(client, postgratorFor(''));
      if (current !== undefined) return { applied: [], version: current };
    }
    const postgrator = postgratorFor(
      (await client.query<{ db: string }>('select current_database() as db')).rows[0].db,
    );
    const applied = await postgrator.migrate(target);
    return {
      applied: applied.map((m) => `${m.version}.${m.name}`),
      version: Number(await postgrator.getDatabaseVersion()),
    };
  } finally {
    client.release();
  }
}

/**
 * A warm start's check in one query: the database has applied exactly the migrations of sql/, each
 * with the checksum postgrator computes for its file. Postgrator's own path (about 25 queries: its
 * table's columns, the version, one checksum query per migration) runs only when this answers
 * undefined: a new database, a pending migration, or a checksum that differs (postgrator then names
 * the migration in its error).
 */
async function currentVersion(
  client: pg.PoolClient,
  postgrator: Postgrator,
): Promise<number | undefined> {
  const files = (await postgrator.getMigrations()).filter((m) => m.action === 'do');
  let rows: { version: string; md5: string | null }[];
  try {
    ({ rows } = await client.query<{ version: string; md5: string | null }>(
      'select version::text as version, md5 from schema_version',
    ));
  } catch {
    return undefined; // no schema_version yet (or not readable): postgrator creates and reports
  }
  // Postgrator keeps a row for version 0 (the empty schema), without a checksum.
  const applied = new Map(
    rows.filter((r) => Number(r.version) > 0).map((r) => [Number(r.version), r.md5]),
  );
  if (applied.size !== files.length) return undefined;
  for (const file of files)
    if (!applied.has(file.version) || applied.get(file.version) !== file.md5) return undefined;
  return Math.max(0, ...files.map((f) => f.version));
}

/** The highest migration number in sql/: the schema version this code brings a database to. */
export function latestMigrationVersion(): number {
  const versions = readdirSync(SQL_DIR)
    .map((name) => /^(\d+)\.do\./.exec(name)?.[1])
    .filter((v): v is string => v !== undefined)
    .map(Number);
  return Math.max(0, ...versions);
}

/** The last migration applied to a database; undefined when it has no Segnala schema. */
export async function appliedSchemaVersion(db: Queryable): Promise<number | undefined> {
  const row = await queryOne<{ present: boolean }>(
    db,
    `select to_regclass('public.schema_version') is not null as present`,
  );
  if (!row?.present) return undefined;
  const version = await queryOne<{ v: number | null }>(
    db,
    'select max(version)::int as v from schema_version',
  );
  return version?.v ?? undefined;
}
