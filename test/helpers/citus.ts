// Test databases on a Citus cluster, off the normal path: only with SEGNALA_CITUS=true and
// SEGNALA_TEST_CITUS_WORKERS=host:port,host:port (DATABASE_URL is then the coordinator). CREATE DATABASE on
// the coordinator does not reach the workers, and a Citus database cannot be cloned as a template (its
// maintenance daemon stays connected to it), so every test file gets a database of the same name made on
// every node, with citus and PostGIS in each and the workers added, then migrated, distributed and seeded.
import pg from 'pg';
import { adminUrlFor } from './global-setup.js';

export interface CitusNodes {
  /** Maintenance database URL of the coordinator (DATABASE_URL). */
  coordinator: string;
  /** host:port of each worker; reached as the coordinator's user. */
  workers: string[];
}

/** The Citus cluster the tests run on, or undefined for plain PostgreSQL. */
export function testCitusNodes(databaseUrl: string): CitusNodes | undefined {
  const workers = process.env.SEGNALA_TEST_CITUS_WORKERS;
  if (process.env.SEGNALA_CITUS !== 'true' || !workers) return undefined;
  return { coordinator: databaseUrl, workers: workers.split(',').map((w) => w.trim()) };
}

function nodeUrl(coordinator: string, hostPort: string | undefined, database: string): string {
  const url = new URL(adminUrlFor(coordinator, database));
  if (hostPort) url.host = hostPort;
  return url.toString();
}

async function onNode<T>(url: string, run: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

const EXTENSIONS = ['citus', 'postgis', 'pg_trgm', 'unaccent', 'btree_gist'];

/** Creates `name` on the coordinator and every worker, with the extensions, and adds the workers. */
export async function createCitusDatabase(nodes: CitusNodes, name: string): Promise<string> {
  const admin = new URL(nodes.coordinator).pathname.slice(1) || 'postgres';
  for (const worker of [undefined, ...nodes.workers]) {
    await onNode(nodeUrl(nodes.coordinator, worker, admin), (c) =>
      c.query(`create database ${name}`),
    );
    await onNode(nodeUrl(nodes.coordinator, worker, name), async (c) => {
      for (const extension of EXTENSIONS)
        await c.query(`create extension if not exists ${extension}`);
    });
  }
  const url = nodeUrl(nodes.coordinator, undefined, name);
  const coordinator = new URL(nodes.coordinator);
  await onNode(url, async (c) => {
    await c.query('select citus_set_coordinator_host($1, $2)', [
      coordinator.hostname,
      Number(coordinator.port || 5432),
    ]);
    for (const worker of nodes.workers) {
      const [host, port] = worker.split(':');
      await c.query('select citus_add_node($1, $2)', [host, Number(port || 5432)]);
    }
  });
  return url;
}

export async function dropCitusDatabase(nodes: CitusNodes, name: string): Promise<void> {
  const admin = new URL(nodes.coordinator).pathname.slice(1) || 'postgres';
  for (const worker of [undefined, ...nodes.workers])
    await onNode(nodeUrl(nodes.coordinator, worker, admin), (c) =>
      c.query(`drop database if exists ${name} with (force)`),
    ).catch(() => undefined);
}
