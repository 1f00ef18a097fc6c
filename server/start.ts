// Starts Segnala: database (embedded or real), migrations, first-start seed, services, HTTP.
// main.ts only adds process signals; tests call startSegnala() directly or spawn main.ts.
import 'reflect-metadata';
import type { FastifyInstance } from 'fastify';
import type { Config } from './config.js';
import { embeddedDirFor, openDatabase, type Database } from './db/database.js';
import { findMunicipalityByIstat, listMunicipalities } from './db/municipality.queries.js';
import { buildSegnalaSchema } from './graphql/build-schema.js';
import { buildApp } from './http/app.js';
import { createOutboxSender, type OutboxSender } from './mail/outbox-sender.js';
import { createWebhookSender, type WebhookSender } from './webhooks/webhook-sender.js';
import { startRollupCompactor } from './db/rollup-compactor.js';
import { startAttachmentCleaner } from './db/attachment-cleaner.js';
import { startRetentionJob } from './services/retention-job.js';
import { serveBackups } from './backup/backup-socket.js';
import { createServices, type Services } from './services/services.js';
import { Workers } from './domain/heartbeat.js';
import { createLogger } from './logger.js';
import { seedSeravezza } from '../seeds/seed.js';
import { loadTerritory } from '../seeds/territory.js';

export interface RunningSegnala {
  app: FastifyInstance;
  db: Database;
  services: Services;
  mailSender: OutboxSender;
  /** Undefined on Citus, where webhooks are not delivered yet (docs/webhooks.md). */
  webhookSender: WebhookSender | undefined;
  url: string;
  stop(): Promise<void>;
}

export async function startSegnala(
  config: Config,
  logger = createLogger(config.logLevel),
): Promise<RunningSegnala> {
  const log = (message: string) => logger.info(message);
  const started = Date.now();
  const db = await openDatabase({
    databaseUrl: config.databaseUrl,
    analyticsUrl: config.analyticsDatabaseUrl,
    embeddedDir: embeddedDirFor(config.dataDir),
    citus: config.citus,
    log: (message) => logger.warn(message),
  });
  try {
    log(
      `Database ${db.kind === 'embedded' ? `embedded (PGlite + PostGIS) in ${embeddedDirFor(config.dataDir)}` : 'PostgreSQL'}: schema version ${db.migration.version}${db.migration.applied.length ? `, applied ${db.migration.applied.join(', ')}` : ''}.`,
    );
    let municipality = await findMunicipalityByIstat(db.pool, config.municipalityIstat);
    if (!municipality) {
      log('First start on an empty database: loading the Seravezza demo data…');
      await seedSeravezza(db.pool, { demo: true, demoTickets: config.demoTickets, log });
      municipality = await findMunicipalityByIstat(db.pool, config.municipalityIstat);
      if (!municipality)
        throw new Error(
          `Municipality ${config.municipalityIstat} is not in the database; set SEGNALA_MUNICIPALITY.`,
        );
    }
    // A database from before the many-comuni release has no boundaries yet: one count when it has.
    const comuni = await loadTerritory(db.pool);
    if (comuni > 0) log(`Loaded the boundaries of ${comuni} comuni of Toscana.`);
    if (db.analyticsPool !== db.pool)
      log('Planner queries and exports read ANALYTICS_DATABASE_URL (read-only sessions).');
    const services = createServices({
      pool: db.pool,
      analyticsPool: db.analyticsPool,
      config,
      municipality,
    });
    for (const line of await services.auth.demoWarning()) logger.warn(line);
    const workers = new Workers();
    const app = await buildApp({ schema: await buildSegnalaSchema(), services, logger, workers });
    await app.listen({ port: config.port, host: config.host });
    const mailSender = createOutboxSender(db.pool, config, {
      info: (m) => app.log.info(m),
      warn: (m) => app.log.warn(m),
    });
    mailSender.start();
    const webhookSender = config.citus
      ? undefined
      : createWebhookSender(db.pool, config, {
          info: (m) => app.log.info(m),
          warn: (m) => app.log.warn(m),
        });
    webhookSender?.start();
    const compactor = startRollupCompactor(db.pool, config.rollupCompactSeconds, app.log);
    const cleaner = startAttachmentCleaner(
      db.pool,
      // Every comune's photos, also of comuni added while running.
      async () => (await listMunicipalities(db.pool)).map((m) => m.id),
      { everySeconds: config.uploads.cleanupSeconds, ttlHours: config.uploads.unlinkedTtlHours },
      app.log,
    );
    const retention = startRetentionJob(db.pool, config, app.log);
    workers.add(mailSender.heartbeat, { required: true });
    if (webhookSender) workers.add(webhookSender.heartbeat, { required: true });
    if (config.retentionSeconds > 0) workers.add(retention.heartbeat, { required: false });
    if (config.rollupCompactSeconds > 0) workers.add(compactor.heartbeat, { required: false });
    if (config.uploads.cleanupSeconds > 0) workers.add(cleaner.heartbeat, { required: false });
    // The embedded database can be copied only by this process, which holds it: `npm run backup` asks here.
    const dump = db.dump;
    const backups = dump
      ? await serveBackups(config.dataDir, dump, (m) => app.log.info(m)).catch((error: unknown) => {
          log(`Backups of the running server are off: ${(error as Error).message}`);
          return undefined;
        })
      : undefined;
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : config.port;
    const url = `http://localhost:${port}`;
    log(
      `Segnala – Comune di ${municipality.name} listening on ${url} (GraphQL at ${url}/graphql), ready in ${((Date.now() - started) / 1000).toFixed(1)} s.`,
    );

    let stopping: Promise<void> | undefined;
    return {
      app,
      db,
      services,
      mailSender,
      webhookSender,
      url,
      stop() {
        // Close HTTP first (drains requests), then the pool, then the embedded database (checkpoint).
        stopping ??= (async () => {
          await backups?.close();
          await app.close();
          await mailSender.stop();
          await webhookSender?.stop();
          await compactor.stop();
          await cleaner.stop();
          await retention.stop();
          await db.close();
        })();
        return stopping;
      },
    };
  } catch (error) {
    await db.close().catch(() => undefined);
    throw error;
  }
}
