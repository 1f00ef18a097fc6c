// The webhook sender in the real server process (server/main.ts): /readyz names it and /metrics shows
// the webhook backlog; a server killed (SIGKILL) between the commit of a change and the end of its
// delivery delivers it after the restart, at least once, always with the same event id, so that a
// receiver drops the repeats (counted here). On PostgreSQL the spawned servers share the test database;
// on the embedded database they take turns on one data directory.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { openDatabase } from '../../server/db/database.js';
import { findMunicipalityByIstat } from '../../server/db/municipality.queries.js';
import { createServices } from '../../server/services/services.js';
import { reportInput, SUBMIT_REPORT } from '../helpers/citizen.js';
import { createTestDatabase, testConfig, type TestDatabase } from '../helpers/database.js';
import { emptyDir, removeDataDirs, seededDataDir } from '../helpers/seeded-data-dir.js';
import { freePort, startServer, type Running } from '../helpers/server-process.js';
import { TEST_PASSWORD } from '../helpers/staff-fixtures.js';
import { startReceiver, type Receiver } from '../helpers/webhook-receiver.js';

const ADMIN = 'webhook.admin@example.org';
const ENV = {
  WEBHOOK_ALLOW_HTTP: 'true',
  WEBHOOK_ALLOW_PRIVATE_ADDRESSES: 'true',
  WEBHOOK_POLL_MS: '100',
  WEBHOOK_RETRY_BASE_MS: '200',
  WEBHOOK_RETRY_MAX_MS: '500',
  // One delivery a round, at most 1 s each: the lease of a killed sender's delivery ends 6 s later.
  WEBHOOK_TIMEOUT_MS: '1000',
  WEBHOOK_BATCH_SIZE: '1',
  WEBHOOK_CONCURRENCY: '1',
  // The admin's bearer token outlives each server.
  JWT_SECRET: 'webhook-restart-test-secret-0123456789abcdef',
  RATE_REPORTS_PER_HOUR_ADDRESS: '0',
  RATE_REPORTS_PER_HOUR_EMAIL: '0',
};

let env: NodeJS.ProcessEnv;
let dataDir: string;
let testDb: TestDatabase | undefined;
let receiver: Receiver;
let port: number;
const servers: Running[] = [];

async function gql(query: string, variables: Record<string, unknown> = {}, token?: string) {
  const response = await fetch(`http://127.0.0.1:${port}/graphql`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: JSON.stringify({ query, variables }),
  });
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the answers are read as the test expects them
  return (await response.json()) as { data?: Record<string, any>; errors?: unknown[] };
}

async function start(): Promise<Running> {
  const running = await startServer(dataDir, port, env);
  servers.push(running);
  return running;
}

async function kill(running: Running): Promise<void> {
  running.child.kill('SIGKILL');
  await running.exited;
}

async function until(check: () => Promise<boolean> | boolean, timeoutMs: number, what: string) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

beforeAll(async () => {
  receiver = await startReceiver();
  port = await freePort();
  const embedded = inject('testDatabase').kind === 'embedded';
  dataDir = embedded ? await seededDataDir() : await emptyDir();
  // The admin, written before any server runs (the embedded database has one owner at a time).
  if (embedded) {
    const db = await openDatabase({ databaseUrl: undefined, embeddedDir: `${dataDir}/pglite` });
    const config = testConfig(ENV);
    const municipality = (await findMunicipalityByIstat(db.pool, config.municipalityIstat))!;
    const services = createServices({ pool: db.pool, config, municipality });
    await services.auth.upsertStaffUser({ email: ADMIN, role: 'admin', password: TEST_PASSWORD });
    await db.close();
    env = { ...ENV };
  } else {
    testDb = await createTestDatabase(ENV);
    await testDb.services.auth.upsertStaffUser({
      email: ADMIN,
      role: 'admin',
      password: TEST_PASSWORD,
    });
    env = { ...ENV, DATABASE_URL: testDb.url };
  }
}, 240_000);

afterAll(async () => {
  for (const s of servers) if (s.child.exitCode === null) s.child.kill('SIGKILL');
  await Promise.all(servers.map((s) => s.exited));
  await receiver?.stop();
  await testDb?.close();
  await removeDataDirs();
});

describe('the webhook sender in the server process', () => {
  it('is on /readyz and /metrics, and delivers after a kill between commit and delivery, with the same event id', async () => {
    const first = await start();
    const ready = await fetch(`http://127.0.0.1:${port}/readyz`);
    expect(ready.status).toBe(200);
    const readiness = (await ready.json()) as { checks: Record<string, string> };
    expect(readiness.checks['worker:webhook-sender']).toBe('ok');
    expect(readiness.checks['worker:mail-sender']).toBe('ok');

    const login = await gql(
      `mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }`,
      { e: ADMIN, p: TEST_PASSWORD },
    );
    const token = login.data!.login.token as string;
    const created = await gql(
      'mutation($url: String!) { createWebhook(input: { url: $url, events: ["ticket.created"] }) { secret webhook { id } } }',
      { url: receiver.url },
      token,
    );
    expect(created.errors).toBeUndefined();
    receiver.secret = created.data!.createWebhook.secret;
    const webhookId = created.data!.createWebhook.webhook.id as string;

    // The receiver takes the first request and holds its answer: the server dies meanwhile.
    receiver.answer = { status: 200, holdMs: 60_000 };
    const categories = (await gql('{ categories { id code } }')).data!.categories as {
      id: string;
      code: string;
    }[];
    const category = categories.find((c) => c.code === 'buca_stradale')!.id;
    // A point on the default comune's surface (Seravezza's, or SEGNALA_TEST_COMUNE's).
    const centre = (await gql('{ municipality { centre } }')).data!.municipality.centre as number[];
    const point = { lon: centre[0], lat: centre[1] };
    const submitted = await gql(SUBMIT_REPORT, { input: reportInput(category, point) });
    expect(submitted.errors).toBeUndefined();
    await receiver.waitFor(1, 15_000);
    const metrics = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    expect(metrics).toMatch(/^segnala_webhook_pending 1$/m);
    expect(metrics).toMatch(/^segnala_webhook_oldest_due_seconds /m);
    await kill(first);

    // A change committed while the receiver is down, then the server killed before any retry succeeds.
    receiver.answer = { status: 200 };
    const second = await start();
    await receiver.waitFor(2, 30_000);
    await receiver.stop();
    const later = await gql(SUBMIT_REPORT, {
      input: reportInput(category, point, { title: 'Seconda buca' }),
    });
    expect(later.errors).toBeUndefined();
    await until(
      async () => {
        const log = await gql(
          'query($w: ID!) { webhookDeliveries(webhookId: $w, first: 1) { edges { node { attempts lastError } } } }',
          { w: webhookId },
          token,
        );
        const node = log.data?.webhookDeliveries.edges[0]?.node as { attempts: number } | undefined;
        return (node?.attempts ?? 0) >= 1;
      },
      15_000,
      'a failed attempt',
    );
    await kill(second);
    await receiver.restart();
    await start();
    await receiver.waitFor(3, 30_000);

    const ids = receiver.received.map((r) => r.eventId);
    const unique = new Set(ids);
    const repeats = ids.length - unique.size;
    // The first event was received, its answer lost with the server: delivered again, same id.
    expect(unique.size).toBe(2);
    expect(ids[0]).toBe(ids[1]);
    expect(repeats).toBeGreaterThanOrEqual(1);
    expect(receiver.received.every((r) => r.verified)).toBe(true);
    console.info(
      `webhook restart: ${ids.length} requests for ${unique.size} events, ${repeats} repeat(s)`,
    );
  }, 600_000);
});
