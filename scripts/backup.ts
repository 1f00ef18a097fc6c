// `npm run backup -- [--out FILE]`: a consistent backup of the configured database (DATABASE_URL, or
// the embedded one in SEGNALA_DATA_DIR, running or not). Exit 1 with a plain reason on failure.
import path from 'node:path';
import { parseArgs } from 'node:util';
import { runCommand } from '../server/backup/backup-cli.js';
import { takeBackup } from '../server/backup/backup.js';

await runCommand(async (config) => {
  const { values } = parseArgs({ options: { out: { type: 'string' } } });
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const out = path.resolve(values.out ?? `segnala-${stamp}.backup`);
  const started = Date.now();
  const { header, via } = await takeBackup(config, out);
  return [
    `Backup written to ${out}`,
    `  ${header.kind} database, schema version ${header.schemaVersion}, ${(header.payloadBytes / 1e6).toFixed(1)} MB, taken by ${via} in ${((Date.now() - started) / 1000).toFixed(1)} s.`,
    `  Restore it with: npm run restore -- ${out}`,
  ];
});
