// Starts Segnala: database (embedded or real), migrations, first-start seed, services, HTTP.
// main.ts only adds process signals; tests call startSegnala() directly or spawn main.ts.
import 'reflect-metadata';
import type { FastifyInstance } from 'fastify';
import type { Config } from './config.js';
import { embeddedDirFor, openDatabase, type Database } from './db/database.js';
import { findMunicipalityByIstat } from './db/municipality.queries.js';
import type { OutboxSender } from './mail/outbox-sender.js';
import type { Services } from './services/services.js';
import type { WebhookSender } from './webhooks/webhook-sender.js';
import { Workers } from './domain/heartbeat.js';
import { createLogger } from './logger.js';
import { StartupPhases } from './startup-phases.js';
import { loadTerritory } from '../seeds/territory.js';

/**
 * The modules behind the HTTP side (GraphQL schema, Fastify app, services, workers), imported while
 * the database opens instead of before it: PGlite's start waits on file reads and WebAssembly
 * compilation, and the imports fill those waits (docs/operations.md, "Warm start").
 */
async function loadServerModules() {
  const [schema, app, services, outbox, webhooks, retention, digest, compactor, cleaner, backups] =
    await Promise.all([
      import('./graphql/build-schema.js'),
      import('./http/app.js'),
      import('./services/services.js'),
      import('./mail/outbox-sender.js'),
      import('./webhooks/webhook-sender.js'),
      import('./services/retention-job.js'),
      import('./services/alert-digest.service.js'),
      import('./db/rollup-compactor.js'),
      import('./db/attachment-cleaner.js'),
      import('./backup/backup-socket.js'),
    ]);
  return {
    ...schema,
    ...app,
    ...services,
    ...outbox,
    ...webhooks,
    ...retention,
    ...digest,
    ...compactor,
    ...cleaner,
    ...backups,
  };
}

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
  const phases = new StartupPhases();
  const modules = loadServerModules();
  // The schema is built as soon as its modules are in, still while the database opens.
  const schema = modules.then((m) => m.buildSegnalaSchema());
  // Awaited below; a database that fails first must not leave these as unhandled rejections.
  schema.catch(() => undefined);
  const db = await openDatabase({
    databaseUrl: config.databaseUrl,
    analyticsUrl: config.analyticsDatabaseUrl,
    embeddedDir: embeddedDirFor(config.dataDir),
    citus: config.citus,
    log: (message) => logger.warn(message),
    mark: (phase) => phases.mark(phase),
  });
  try {
    log(
      `Database ${db.kind === 'embedded' ? `embedded (PGlite + PostGIS) in ${embeddedDirFor(config.dataDir)}` : 'PostgreSQL'}: schema version ${db.migration.version}${db.migration.applied.length ? `, applied ${db.migration.applied.join(', ')}` : ''}.`,
    );
    let municipality = await findMunicipalityByIstat(db.pool, config.municipalityIstat);
    if (!municipality) {
      log('First start on an empty database: loading the Seravezza demo data…');
      // The seed (street generator, turf, demo tickets) is loaded only for this first start.
      const { seedSeravezza } = await import('../seeds/seed.js');
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
    phases.mark('seed and territory check');
    const {
      buildApp,
      createServices,
      createOutboxSender,
      createWebhookSender,
      startRetentionJob,
      uploadRetentionOfComuni,
      startAlertDigestJob,
      startRollupCompactor,
      startAttachmentCleaner,
      serveBackups,
    } = await modules;
    if (db.analyticsPool !== db.pool)
      log('Planner queries and exports read ANALYTICS_DATABASE_URL (read-only sessions).');
    const services = createServices({
      pool: db.pool,
      analyticsPool: db.analyticsPool,
      config,
      municipality,
    });
    const workers = new Workers();
    const builtSchema = await schema;
    phases.mark('imports and schema (beyond the database wait)');
    const app = await buildApp({ schema: builtSchema, services, logger, workers });
    phases.mark('app');
    await app.listen({ port: config.port, host: config.host });
    phases.mark('listen');
    // After listening: a warning for people, nothing a request needs.
    for (const line of await services.auth.demoWarning()) logger.warn(line);
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
      // Every comune's photos, also of comuni added while running, each after its own hours.
      () => uploadRetentionOfComuni(db.pool, config),
      { everySeconds: config.uploads.cleanupSeconds },
      app.log,
    );
    const retention = startRetentionJob(db.pool, config, app.log);
    const digests = startAlertDigestJob(db.pool, config, app.log);
    workers.add(mailSender.heartbeat, { required: true });
    if (webhookSender) workers.add(webhookSender.heartbeat, { required: true });
    if (config.retentionSeconds > 0) workers.add(retention.heartbeat, { required: false });
    if (config.alertDigestSeconds > 0) workers.add(digests.heartbeat, { required: false });
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
    phases.mark('workers');
    log(
      `Segnala – Comune di ${municipality.name} listening on ${url} (GraphQL at ${url}/graphql), ready in ${((Date.now() - started) / 1000).toFixed(1)} s.`,
    );
    logger.info({ startupMs: Math.round(phases.totalMs) }, `Start-up: ${phases.summary()}.`);

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
          await digests.stop();
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
