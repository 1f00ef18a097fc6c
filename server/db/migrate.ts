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
    const postgrator = new Postgrator({
      migrationPattern: path.join(SQL_DIR, '*.sql'),
      driver: 'pg',
      database: (await client.query<{ db: string }>('select current_database() as db')).rows[0].db,
      schemaTable: 'schema_version',
      execQuery: (sql: string) => client.query(sql),
    });
    const applied = await postgrator.migrate(target);
    return {
      applied: applied.map((m) => `${m.version}.${m.name}`),
      version: Number(await postgrator.getDatabaseVersion()),
    };
  } finally {
    client.release();
  }
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
