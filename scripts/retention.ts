// `npm run retention -- [--dry-run] [--comune ISTAT]`
// Runs the retention round the server runs daily (server/services/retention.service.ts) now, for every
// comune or one; --dry-run prints what it would remove and changes nothing. Stop the server first when
// the database is the embedded one (PGlite allows one process at a time).
import { parseArgs } from 'node:util';
import { isDevelopment, loadConfig } from '../server/config.js';
import { embeddedDirFor, openDatabase } from '../server/db/database.js';
import { findMunicipalityByIstat } from '../server/db/municipality.queries.js';
import { exitOnStartupFailure } from '../server/startup-error.js';
import { retentionRound } from '../server/services/retention-job.js';
import { describeRetention, runRetention } from '../server/services/retention.service.js';

const { values } = parseArgs({
  options: { 'dry-run': { type: 'boolean', default: false }, comune: { type: 'string' } },
});
const dryRun = values['dry-run'] ?? false;

const config = loadConfig();
const db = await openDatabase({
  databaseUrl: config.databaseUrl,
  embeddedDir: embeddedDirFor(config.dataDir),
  citus: config.citus,
  poolSize: 2,
}).catch((error: unknown) => exitOnStartupFailure('npm run retention', error, isDevelopment()));
try {
  let reports;
  if (values.comune) {
    const municipality = await findMunicipalityByIstat(db.pool, values.comune);
    if (!municipality) throw new Error(`Il comune ${values.comune} non è nel database.`);
    reports = [await runRetention(db.pool, config, municipality, { dryRun })];
  } else {
    reports = await retentionRound(db.pool, config, { dryRun });
  }
  for (const report of reports) console.log(describeRetention(report, dryRun));
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
} finally {
  await db.close();
}
