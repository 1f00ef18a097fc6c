// `npm run mail:worker`: the outbox sender alone, for deployments that run it apart from the API.
import { loadConfig } from '../config.js';
import { embeddedDirFor, openDatabase } from '../db/database.js';
import { createLogger } from '../logger.js';
import { createOutboxSender } from './outbox-sender.js';

const config = loadConfig();
const logger = createLogger(config.logLevel);
const db = await openDatabase({
  databaseUrl: config.databaseUrl,
  embeddedDir: embeddedDirFor(config.dataDir),
  poolSize: 2,
});
const sender = createOutboxSender(db.pool, config, {
  info: (m) => logger.info(m),
  warn: (m) => logger.warn(m),
});
sender.start();
logger.info(
  `Mail sender running (${config.smtpUrl ? 'SMTP' : `files in ${config.dataDir}/mail`}), every ${config.mailPollMs} ms.`,
);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void sender
      .stop()
      .then(() => db.close())
      .then(() => process.exit(0));
  });
}
