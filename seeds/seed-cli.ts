// npm run seed -- --tickets N [--seed S] [--batch B] [--method copy|insert] [--rebuild-indexes]
// Loads the Seravezza reference seed into the configured database (DATABASE_URL, or the embedded one
// under SEGNALA_DATA_DIR) and adds N demo reports. Run it again to add more: the next run uses
// another seed (S + reports already there), so the new reports differ from the old ones.
import { parseArgs } from 'node:util';
import { isDevelopment, loadConfig } from '../server/config.js';
import { embeddedDirFor, openDatabase } from '../server/db/database.js';
import { exitOnStartupFailure } from '../server/startup-error.js';
import { insertDemoTickets } from './demo-tickets.js';
import { SERAVEZZA } from './seravezza.catalog.js';
import { seedSeravezza } from './seed.js';

const { values } = parseArgs({
  options: {
    tickets: { type: 'string', default: '0' },
    seed: { type: 'string', default: '46028' },
    batch: { type: 'string' },
    method: { type: 'string' },
    'rebuild-indexes': { type: 'boolean' },
  },
});
const count = Number(values.tickets);
const baseSeed = Number(values.seed);
const method = values.method;
if (
  !Number.isInteger(count) ||
  count < 0 ||
  !Number.isInteger(baseSeed) ||
  (method && method !== 'copy' && method !== 'insert')
) {
  console.error('Uso: npm run seed -- --tickets N [--seed S] [--batch B] [--method copy|insert]');
  process.exit(2);
}

const config = loadConfig();
const started = Date.now();
const db = await openDatabase({
  databaseUrl: config.databaseUrl,
  embeddedDir: embeddedDirFor(config.dataDir),
  citus: config.citus,
}).catch((error: unknown) => exitOnStartupFailure('npm run seed', error, isDevelopment()));
try {
  console.log(
    `Database: ${db.kind === 'embedded' ? `embedded (${embeddedDirFor(config.dataDir)})` : 'PostgreSQL (DATABASE_URL)'}`,
  );
  await seedSeravezza(db.pool, { demo: true, demoTickets: 0, log: (m) => console.log(m) });
  if (count > 0) {
    const { rows } = await db.pool.query<{ n: number }>(
      'select count(*)::int as n from ticket where municipality_id = $1',
      [SERAVEZZA.id],
    );
    const seed = baseSeed + rows[0].n;
    console.log(
      `Genero ${count.toLocaleString('it-IT')} segnalazioni dimostrative (seed ${seed}, già presenti ${rows[0].n.toLocaleString('it-IT')})…`,
    );
    const result = await insertDemoTickets(db.pool, SERAVEZZA.id, {
      count,
      seed,
      batchSize: values.batch ? Number(values.batch) : undefined,
      method: method as 'copy' | 'insert' | undefined,
      rebuildIndexes: values['rebuild-indexes'],
      log: (m) => console.log(m),
    });
    const rate = Math.round(result.inserted / (result.ms / 1000));
    console.log(
      `Inserite ${result.inserted.toLocaleString('it-IT')} segnalazioni in ${(result.ms / 1000).toFixed(1)} s (${rate.toLocaleString('it-IT')}/s).`,
    );
  }
  console.log(`Fatto in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
} finally {
  await db.close();
}
