// Applies the numbered migrations in sql/ with postgrator (checksums guard committed files).
import { readdirSync } from 'node:fs';
import path from 'node:path';
import Postgrator from 'postgrator';
import type pg from 'pg';
import { projectPath } from '../project-root.js';

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

/** The highest version among the migration files this build carries (sql/NNN.do.slug.sql). */
export function latestMigrationVersion(): number {
  return Math.max(
    0,
    ...readdirSync(SQL_DIR)
      .map((file) => /^(\d+)\.do\./.exec(file)?.[1])
      .filter((n): n is string => n !== undefined)
      .map(Number),
  );
}
