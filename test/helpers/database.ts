// A fresh, migrated database with the Seravezza reference seed (no tickets) for one test file.
import { cp, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { inject } from 'vitest';
import { loadConfig, type Config } from '../../server/config.js';
import { openDatabase, type Database } from '../../server/db/database.js';
import {
  findMunicipalityByIstat,
  type MunicipalityRow,
} from '../../server/db/municipality.queries.js';
import { createServices, type Services } from '../../server/services/services.js';
import { seedSeravezza } from '../../seeds/seed.js';
import { createCitusDatabase, dropCitusDatabase } from './citus.js';
import { adminUrlFor } from './global-setup.js';
import { testComune } from './test-comune.js';

export interface TestDatabase {
  pool: pg.Pool;
  kind: Database['kind'];
  municipality: MunicipalityRow;
  services: Services;
  config: Config;
  /** Connection string of this test database (embedded: the PGlite socket). */
  url: string | undefined;
  close(): Promise<void>;
}

export function testConfig(overrides: NodeJS.ProcessEnv = {}): Config {
  // Tests play clients at many addresses through X-Forwarded-For, as behind a reverse proxy.
  return loadConfig({
    PUBLIC_URL: 'http://segnala.test',
    SEGNALA_DEMO_TICKETS: '0',
    TRUST_PROXY: 'true',
    // On a Citus cluster (test/helpers/citus.ts) the services take its paths too.
    SEGNALA_CITUS: process.env.SEGNALA_CITUS,
    // SEGNALA_TEST_COMUNE (test/helpers/test-comune.ts): that comune, added by comune:add, is the default.
    ...(testComune() ? { SEGNALA_MUNICIPALITY: testComune() } : {}),
    ...overrides,
  });
}

export async function createTestDatabase(env: NodeJS.ProcessEnv = {}): Promise<TestDatabase> {
  const setup = inject('testDatabase');
  let db: Database;
  let url: string | undefined;
  let cleanup: () => Promise<void>;
  if (setup.kind === 'citus') {
    const name = `segnala_t_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
    const nodes = { coordinator: setup.adminUrl, workers: setup.workers };
    url = await createCitusDatabase(nodes, name);
    cleanup = () => dropCitusDatabase(nodes, name);
    let opened: Database | undefined;
    try {
      opened = await openDatabase({
        databaseUrl: url,
        embeddedDir: undefined,
        poolSize: 10,
        citus: true,
      });
      await seedSeravezza(opened.pool, { demo: false, demoTickets: 0 });
    } catch (error) {
      // A failed distribution or seed drops its databases: each left behind keeps a Citus maintenance
      // daemon on every node, and a few of them use up max_worker_processes for the next files.
      await opened?.close().catch(() => undefined);
      await cleanup();
      throw error;
    }
    db = opened;
  } else if (setup.kind === 'postgres') {
    const name = `segnala_t_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
    const admin = new pg.Client({ connectionString: setup.adminUrl });
    await admin.connect();
    await admin.query(`create database ${name} template ${setup.template}`);
    await admin.end();
    url = adminUrlFor(setup.adminUrl, name);
    db = await openDatabase({ databaseUrl: url, embeddedDir: undefined, poolSize: 10 });
    cleanup = async () => {
      const drop = new pg.Client({ connectionString: setup.adminUrl });
      await drop.connect();
      await drop.query(`drop database if exists ${name} with (force)`);
      await drop.end();
    };
  } else {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'segnala-test-'));
    await cp(setup.templateDir, dir, { recursive: true });
    db = await openDatabase({ databaseUrl: undefined, embeddedDir: dir });
    cleanup = () => rm(dir, { recursive: true, force: true });
  }
  const config = testConfig(env);
  const municipality = await findMunicipalityByIstat(db.pool, config.municipalityIstat);
  if (!municipality) throw new Error('The test template has no municipality: seed failed?');
  return {
    pool: db.pool,
    kind: db.kind,
    municipality,
    services: createServices({ pool: db.pool, config, municipality }),
    config,
    url,
    async close() {
      await db.close();
      await cleanup();
    },
  };
}
