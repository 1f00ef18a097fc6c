// Vitest global setup: prepares one migrated, seeded template database per run.
// - Real PostgreSQL (DATABASE_URL set): a template database every test file clones (CREATE DATABASE … TEMPLATE).
// - Citus (SEGNALA_CITUS=true, SEGNALA_TEST_CITUS_WORKERS): no template; every test file makes its own
//   database on every node (test/helpers/citus.ts).
// - Embedded PGlite: a data directory every test file copies.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { openDatabase } from '../../server/db/database.js';
import { seedSeravezza } from '../../seeds/seed.js';
import { testCitusNodes } from './citus.js';
import { testConfig } from './database.js';
import { onboardTestComune } from './test-comune.js';

declare module 'vitest' {
  export interface ProvidedContext {
    testDatabase:
      | { kind: 'postgres'; adminUrl: string; template: string }
      | { kind: 'citus'; adminUrl: string; workers: string[] }
      | { kind: 'embedded'; templateDir: string };
  }
}

export function adminUrlFor(databaseUrl: string, database: string): string {
  const url = new URL(databaseUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const databaseUrl = process.env.DATABASE_URL;
  const citus = databaseUrl ? testCitusNodes(databaseUrl) : undefined;
  if (citus) {
    project.provide('testDatabase', {
      kind: 'citus',
      adminUrl: citus.coordinator,
      workers: citus.workers,
    });
    return () => Promise.resolve();
  }
  if (databaseUrl) {
    const template = `segnala_tpl_${process.pid}`;
    const admin = new pg.Client({ connectionString: databaseUrl });
    await admin.connect();
    await admin.query(`drop database if exists ${template}`);
    await admin.query(`create database ${template}`);
    const db = await openDatabase({
      databaseUrl: adminUrlFor(databaseUrl, template),
      embeddedDir: undefined,
      poolSize: 2,
    });
    await seedSeravezza(db.pool, { demo: false, demoTickets: 0 });
    await onboardTestComune(db.pool, testConfig());
    await db.close();
    project.provide('testDatabase', { kind: 'postgres', adminUrl: databaseUrl, template });
    return async () => {
      await admin.query(`drop database if exists ${template}`).catch(() => undefined);
      await admin.end();
    };
  }
  const templateDir = await mkdtemp(path.join(os.tmpdir(), 'segnala-tpl-'));
  const db = await openDatabase({ databaseUrl: undefined, embeddedDir: templateDir });
  await seedSeravezza(db.pool, { demo: false, demoTickets: 0 });
  await onboardTestComune(db.pool, testConfig());
  await db.close();
  project.provide('testDatabase', { kind: 'embedded', templateDir });
  return async () => {
    await rm(templateDir, { recursive: true, force: true });
  };
}
