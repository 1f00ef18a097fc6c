// `npm run backup` and `npm run restore`: one backup file format for both databases, checked in full
// before a restore touches anything (see backup-file.ts).
import { readFileSync } from 'node:fs';
import type { Config } from '../config.js';
import { embeddedDirFor } from '../db/database.js';
import { latestMigrationVersion } from '../db/migrate.js';
import { projectPath } from '../project-root.js';
import {
  BackupError,
  verifyBackupFile,
  writeBackupFile,
  type BackupHeader,
  type BackupKind,
} from './backup-file.js';
import { embeddedPayload, filesIn, restoreEmbedded } from './embedded-backup.js';
import { pgDump, pgRestore, postgresSchemaVersion, userRelations } from './postgres-backup.js';

const APP_VERSION = (
  JSON.parse(readFileSync(projectPath('package.json'), 'utf8')) as { version: string }
).version;

const KIND_NAMES: Record<BackupKind, string> = {
  postgres: 'a PostgreSQL database (DATABASE_URL)',
  embedded: 'an embedded database (SEGNALA_DATA_DIR)',
};

function kindOf(config: Config): BackupKind {
  return config.databaseUrl ? 'postgres' : 'embedded';
}

export interface BackupResult {
  header: BackupHeader;
  via: string;
}

/** Writes a consistent backup of the configured database to `out` (which must not exist). */
export async function takeBackup(config: Config, out: string): Promise<BackupResult> {
  const noSchema =
    'holds no Segnala schema (was the server ever started on it?); nothing to back up.';
  if (config.databaseUrl) {
    const schemaVersion = await postgresSchemaVersion(config.databaseUrl);
    if (schemaVersion === undefined) throw new BackupError(`The DATABASE_URL database ${noSchema}`);
    const header = await writeBackupFile(
      out,
      { kind: 'postgres', schemaVersion, appVersion: APP_VERSION },
      pgDump(config.databaseUrl),
    );
    return { header, via: 'pg_dump' };
  }
  const embeddedDir = embeddedDirFor(config.dataDir);
  const source = await embeddedPayload(config.dataDir, embeddedDir);
  if (source.schemaVersion === undefined)
    throw new BackupError(`The embedded database in ${embeddedDir} ${noSchema}`);
  const header = await writeBackupFile(
    out,
    { kind: 'embedded', schemaVersion: source.schemaVersion, appVersion: APP_VERSION },
    source.payload,
  );
  return { header, via: source.via };
}

/**
 * Restores `file` into the configured database, which must be empty. The file is checked in full
 * (format, checksum, length, kind, schema version) before the target is looked at; the target is
 * checked before it is written to.
 */
export async function restoreBackup(config: Config, file: string): Promise<BackupHeader> {
  const header = await verifyBackupFile(file);
  const latest = latestMigrationVersion();
  if (header.schemaVersion > latest)
    throw new BackupError(
      `${file} holds schema version ${header.schemaVersion} (Segnala ${header.appVersion}); this Segnala knows versions up to ${latest}. Restore it with the version that made it or a newer one. Nothing was restored.`,
    );
  const target = kindOf(config);
  if (header.kind !== target)
    throw new BackupError(
      `${file} is a backup of ${KIND_NAMES[header.kind]}, but the target is ${KIND_NAMES[target]}. Nothing was restored.`,
    );
  if (config.databaseUrl) {
    const relations = await userRelations(config.databaseUrl);
    if (relations.length > 0)
      throw new BackupError(
        `The DATABASE_URL database is not empty (it has ${relations.join(', ')}…). Restore only into a new, empty database (e.g. createdb segnala_restored). Nothing was restored.`,
      );
    await pgRestore(config.databaseUrl, file);
  } else {
    const embeddedDir = embeddedDirFor(config.dataDir);
    if ((await filesIn(embeddedDir)).length > 0)
      throw new BackupError(
        `${embeddedDir} already holds files: restore only into a SEGNALA_DATA_DIR without a database. Nothing was restored.`,
      );
    await restoreEmbedded(embeddedDir, file);
  }
  return header;
}
