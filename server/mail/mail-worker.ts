// `npm run mail:worker`: the outbox sender alone, for deployments that run it apart from the API.
import { isDevelopment, loadConfig, type Config } from '../config.js';
import { embeddedDirFor, openDatabase } from '../db/database.js';
import { exitOnStartupFailure, StartupError } from '../startup-error.js';
import { createLogger } from '../logger.js';
import { createOutboxSender } from './outbox-sender.js';

async function startWorker(config: Config) {
  if (!config.databaseUrl)
    throw new StartupError(
      'DATABASE_URL',
      `is not set, so the database is the embedded PGlite in ${embeddedDirFor(config.dataDir)}: a single-process database, owned by \`npm start\`, which already sends the outbox mail itself.`,
      'Nothing to run beside `npm start` on the embedded database; to send mail from a separate worker, set DATABASE_URL to a PostgreSQL server for both processes.',
    );
  const db = await openDatabase({
    databaseUrl: config.databaseUrl,
    embeddedDir: undefined,
    citus: config.citus,
    poolSize: 2,
  });
  const logger = createLogger(config.logLevel);
  const sender = createOutboxSender(db.pool, config, {
    info: (m) => logger.info(m),
    warn: (m) => logger.warn(m),
  });
  sender.start();
  logger.info(
    `Mail sender running (${config.smtpUrl ? 'SMTP' : `files in ${config.dataDir}/mail`}), every ${config.mailPollMs} ms.`,
  );
  return { db, sender };
}

let worker: Awaited<ReturnType<typeof startWorker>>;
try {
  worker = await startWorker(loadConfig());
} catch (error) {
  exitOnStartupFailure('The mail worker', error, isDevelopment());
}
const { db, sender } = worker;

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void sender
      .stop()
      .then(() => db.close())
      .then(() => process.exit(0));
  });
}
