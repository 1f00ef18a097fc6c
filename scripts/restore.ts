// `npm run restore -- FILE`: restores a backup into the configured database, which must be empty
// (DATABASE_URL's database without tables, or a SEGNALA_DATA_DIR without a database). The file is
// checked in full first; a truncated, damaged or foreign one is refused before anything is touched.
import path from 'node:path';
import { parseArgs } from 'node:util';
import { runCommand } from '../server/backup/backup-cli.js';
import { BackupError } from '../server/backup/backup-file.js';
import { restoreBackup } from '../server/backup/backup.js';

await runCommand(async (config) => {
  const { positionals } = parseArgs({ allowPositionals: true });
  if (positionals.length !== 1) throw new BackupError('Usage: npm run restore -- FILE');
  const file = path.resolve(positionals[0]);
  const started = Date.now();
  const header = await restoreBackup(config, file);
  return [
    `Restored ${file}`,
    `  ${header.kind} database, schema version ${header.schemaVersion}, taken ${header.createdAt}, restored in ${((Date.now() - started) / 1000).toFixed(1)} s.`,
    '  Start the server on it (npm start): it applies any newer migrations first.',
  ];
});
