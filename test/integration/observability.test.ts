// /healthz, /readyz and /metrics over real HTTP on a real database, and the request log captured from
// pino: readiness fails (and names the check) when the database refuses writes, when the schema is not
// this build's or when the mail sender is stale, and recovers; the metrics move with the requests.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Heartbeat, Workers } from '../../server/domain/heartbeat.js';
import { createPool } from '../../server/db/pool.js';
import { createLogger } from '../../server/logger.js';
import { createServices } from '../../server/services/services.js';
import { categoryId, reportInput, streetPoint, submit } from '../helpers/citizen.js';
import { createTestDatabase, testConfig, type TestDatabase } from '../helpers/database.js';
import { startTestApp, type TestApp } from '../helpers/graphql.js';

let db: TestDatabase;
let app: TestApp;

beforeAll(async () => {
  db = await createTestDatabase();
  app = await startTestApp(db.services);
}, 120_000);

afterAll(async () => {
  await app?.close();
  await db?.close();
});

async function readyz(url: string) {
  const response = await fetch(`${url}/readyz`);
  const text = await response.text();
  return { status: response.status, text, body: JSON.parse(text) as Record<string, unknown> };
}

/** The value of one Prometheus sample (0 when the series does not exist yet). */
function sample(text: string, name: string, labels: Record<string, string> = {}): number {
  for (const line of text.split('\n')) {
    const match = /^([a-z_:]+)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const found = Object.fromEntries(
      [...(match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((m) => [m[1], m[2]]),
    );
    if (Object.entries(labels).every(([k, v]) => found[k] === v)) return Number(match[3]);
  }
  return 0;
}

async function scrape(url: string, headers: Record<string, string> = {}): Promise<string> {
  const response = await fetch(`${url}/metrics`, { headers });
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  return response.text();
}

describe('/healthz and /readyz', () => {
  it('are both 200 on a sound database, every check ok', async () => {
    expect((await fetch(`${app.url}/healthz`)).status).toBe(200);
    const ready = await readyz(app.url);
    expect(ready.status).toBe(200);
    expect(ready.body).toEqual({
      status: 'ready',
      checks: { database_read: 'ok', database_write: 'ok', migrations: 'ok' },
    });
  });

  it('fails /readyz naming the write probe while the database refuses writes, /healthz stays 200', async () => {
    await db.pool.query(`
      create function refuse_writes() returns trigger language plpgsql as
        $$ begin raise exception 'could not write block 4711 of relation base/16384/2619'; end $$;
      create trigger refuse_writes before insert or update on rate_limit_counter
        for each statement execute function refuse_writes()`);
    try {
      const ready = await readyz(app.url);
      expect(ready.status).toBe(503);
      expect(ready.body).toMatchObject({
        status: 'unavailable',
        failing: ['database_write'],
        checks: { database_read: 'ok', database_write: 'failed', migrations: 'ok' },
      });
      // Nothing of the database's error reaches the client.
      expect(ready.text).not.toMatch(/block|relation|rate_limit|insert|stack/i);
      expect((await fetch(`${app.url}/healthz`)).status).toBe(200);
    } finally {
      await db.pool.query(
        'drop trigger refuse_writes on rate_limit_counter; drop function refuse_writes()',
      );
    }
    expect((await readyz(app.url)).status).toBe(200);
  });

  it('fails the write probe on a PostgreSQL that opens read-only sessions', async (context) => {
    if (db.kind !== 'postgres' || !db.url) return context.skip();
    const url = db.url;
    const name = new URL(url).pathname.slice(1);
    // Sessions opened after the setting take it (as on a standby after a failover): a fresh pool each time.
    async function readyzOnFreshPool() {
      const pool = createPool(url, 2);
      const fresh = await startTestApp(
        createServices({ pool, config: db.config, municipality: db.municipality }),
      );
      try {
        return await readyz(fresh.url);
      } finally {
        await fresh.close();
        await pool.end();
      }
    }
    await db.pool.query(`alter database ${name} set default_transaction_read_only = on`);
    try {
      const ready = await readyzOnFreshPool();
      expect(ready.status).toBe(503);
      expect(ready.body).toMatchObject({ failing: ['database_write'] });
    } finally {
      await db.pool.query(`alter database ${name} reset default_transaction_read_only`);
    }
    expect((await readyzOnFreshPool()).status).toBe(200);
  });

  it('fails when the applied schema is not the one this build carries', async () => {
    await db.pool.query(
      `insert into schema_version (version, name, md5, run_at) values (9999, 'from-a-newer-build', 'x', now())`,
    );
    try {
      const ready = await readyz(app.url);
      expect(ready.status).toBe(503);
      expect(ready.body).toMatchObject({ failing: ['migrations'] });
    } finally {
      await db.pool.query('delete from schema_version where version = 9999');
    }
    expect((await readyz(app.url)).status).toBe(200);
  });

  it('fails while a required worker is stale, and ignores a stale optional one', async () => {
    const workers = new Workers();
    const mail = new Heartbeat('mail-sender', 2000, Date.now() - 3_600_000);
    workers.add(mail, { required: true });
    workers.add(new Heartbeat('rollup-compactor', 60_000, 0), { required: false });
    const withWorkers = await startTestApp(db.services, { workers });
    try {
      const stale = await readyz(withWorkers.url);
      expect(stale.status).toBe(503);
      expect(stale.body).toMatchObject({
        failing: ['worker:mail-sender'],
        checks: { 'worker:mail-sender': 'failed' },
      });
      mail.beat();
      expect((await readyz(withWorkers.url)).body).toMatchObject({
        status: 'ready',
        checks: { 'worker:mail-sender': 'ok' },
      });
      const text = await scrape(withWorkers.url);
      expect(
        sample(text, 'segnala_worker_seconds_since_success', { worker: 'rollup-compactor' }),
      ).toBeGreaterThan(1_000_000);
      expect(
        sample(text, 'segnala_worker_seconds_since_success', { worker: 'mail-sender' }),
      ).toBeLessThan(60);
    } finally {
      await withWorkers.close();
    }
  });
});

describe('/metrics', () => {
  it('counts requests, operations, errors, reports and the outbox as they happen', async () => {
    const before = await scrape(app.url);
    const labels = { operation: 'ObservedCategories', type: 'query' };
    for (let i = 0; i < 3; i++)
      expect((await app.gql('query ObservedCategories { categories { code } }')).status).toBe(200);
    await app.gql('query Broken { noSuchField }');
    const point = await streetPoint(db);
    const category = await categoryId(db, 'buca_stradale');
    const submitted = await submit(
      app,
      reportInput(category, point, { email: 'metrics@example.org' }),
      {
        'x-forwarded-for': '198.51.100.7',
      },
    );
    expect(submitted.errors).toBeUndefined();
    const after = await scrape(app.url);

    const count = 'segnala_graphql_operation_duration_seconds_count';
    expect(sample(after, count, labels) - sample(before, count, labels)).toBe(3);
    expect(sample(after, count, { operation: '(invalid)' })).toBe(
      sample(before, count, { operation: '(invalid)' }) + 1,
    );
    const errors = 'segnala_graphql_errors_total';
    const validation = { code: 'GRAPHQL_VALIDATION_FAILED' };
    expect(sample(after, errors, validation) - sample(before, errors, validation)).toBe(1);
    const http = 'segnala_http_request_duration_seconds_count';
    const ok = { method: 'POST', route: '/graphql', status: '200' };
    expect(sample(after, http, ok) - sample(before, http, ok)).toBe(5);
    expect(
      sample(after, 'segnala_reports_received_total') -
        sample(before, 'segnala_reports_received_total'),
    ).toBe(1);
    const { rows } = await db.pool.query<{ n: number }>(
      'select count(*)::int as n from notification_outbox where sent_at is null',
    );
    expect(rows[0].n).toBeGreaterThan(0);
    expect(sample(after, 'segnala_outbox_unsent')).toBe(rows[0].n);
    expect(sample(after, 'segnala_outbox_oldest_due_seconds')).toBeGreaterThanOrEqual(0);
    expect(sample(after, 'segnala_db_pool_max')).toBe(db.kind === 'embedded' ? 1 : 10);
    expect(after).toMatch(/^process_cpu_user_seconds_total /m);
    expect(after).toMatch(/^segnala_rollup_uncompacted_rows \d+$/m);
  });

  it('keeps client-chosen operation names bounded', async () => {
    for (let i = 0; i < 120; i++) await app.gql(`query Junk${i} { categories { code } }`);
    const text = await scrape(app.url);
    const names = new Set(
      [
        ...text.matchAll(/segnala_graphql_operation_duration_seconds_count\{operation="([^"]*)"/g),
      ].map((m) => m[1]),
    );
    expect(names.has('(other)')).toBe(true);
    expect(names.size).toBeLessThanOrEqual(100 + 3);
  });

  it('without METRICS_TOKEN answers the loopback only, never a forwarded request', async () => {
    const forwarded = await fetch(`${app.url}/metrics`, {
      headers: { 'x-forwarded-for': '203.0.113.9' },
    });
    expect(forwarded.status).toBe(403);
    expect(await forwarded.text()).not.toContain('segnala_');
  });

  it('with METRICS_TOKEN asks for it as a bearer token', async () => {
    const config = testConfig({ METRICS_TOKEN: 'a-scrape-token-of-length' });
    const guarded = await startTestApp(
      createServices({ pool: db.pool, config, municipality: db.municipality }),
    );
    try {
      expect((await fetch(`${guarded.url}/metrics`)).status).toBe(401);
      const wrong = { authorization: 'Bearer a-scrape-token-of-lengtX' };
      expect((await fetch(`${guarded.url}/metrics`, { headers: wrong })).status).toBe(401);
      const text = await scrape(guarded.url, {
        authorization: 'Bearer a-scrape-token-of-length',
        'x-forwarded-for': '203.0.113.9',
      });
      expect(text).toContain('segnala_http_request_duration_seconds');
    } finally {
      await guarded.close();
    }
  });
});

describe('the request log', () => {
  async function logged(env: NodeJS.ProcessEnv, level: string) {
    const lines: Record<string, unknown>[] = [];
    const logger = createLogger(level, {
      write: (line: string) => void lines.push(JSON.parse(line)),
    });
    const config = testConfig(env);
    const logging = await startTestApp(
      createServices({ pool: db.pool, config, municipality: db.municipality }),
      { logger },
    );
    return { lines, app: logging };
  }

  it('writes no info line for a quick good request, one debug line for each request', async () => {
    const info = await logged({}, 'info');
    const debug = await logged({}, 'debug');
    try {
      for (const target of [info, debug]) {
        target.lines.length = 0;
        expect((await target.app.gql('query Quick { categories { code } }')).status).toBe(200);
        expect((await fetch(`${target.app.url}/healthz`)).status).toBe(200);
      }
      expect(info.lines).toEqual([]);
      expect(debug.lines).toEqual([
        expect.objectContaining({ level: 20, route: '/graphql', operation: 'Quick', status: 200 }),
        expect.objectContaining({ level: 20, route: '/healthz', status: 200 }),
      ]);
      expect(debug.lines[0].ms).toEqual(expect.any(Number));
    } finally {
      await info.app.close();
      await debug.app.close();
    }
  });

  it('writes a failed request at info and a slow one at warn, without query string or e-mail', async () => {
    const quick = await logged({}, 'info');
    // Every report takes more than a millisecond (its transaction alone does).
    const slow = await logged({ LOG_SLOW_MS: '1' }, 'info');
    try {
      const refused = await fetch(`${quick.app.url}/graphql?token=secret`, {
        method: 'POST',
        headers: { 'content-type': 'text/plain' },
        body: '{ categories { code } }',
      });
      expect(refused.status).toBe(415);
      const missing = await fetch(`${quick.app.url}/no/such/page?email=lost@example.org`);
      expect(missing.status).toBe(404);
      const point = await streetPoint(db, 1);
      const category = await categoryId(db, 'buca_stradale');
      const input = reportInput(category, point, { email: 'slow.log@example.org' });
      await submit(quick.app, input, { 'x-forwarded-for': '198.51.100.8' });
      await submit(
        slow.app,
        { ...input, title: 'Un altro lampione spento' },
        {
          'x-forwarded-for': '198.51.100.9',
        },
      );
      // Exactly one line for each failed request: Fastify's own 404 line (with the raw URL) is gone too.
      expect(quick.lines.filter((l) => 'reqId' in l)).toEqual([
        expect.objectContaining({
          level: 30,
          msg: 'request failed',
          route: '/graphql',
          status: 415,
        }),
        expect.objectContaining({ level: 30, route: '(unmatched)', status: 404 }),
      ]);
      expect(slow.lines.filter((l) => 'status' in l)).toEqual([
        expect.objectContaining({ level: 40, msg: 'slow request', route: '/graphql', status: 200 }),
      ]);
      const text = JSON.stringify([...quick.lines, ...slow.lines]);
      expect(text).not.toContain('secret');
      expect(text).not.toContain('@example.org');
      expect(text).not.toContain('/no/such/page');
    } finally {
      await quick.app.close();
      await slow.app.close();
    }
  });
});
