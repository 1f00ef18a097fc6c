// Reconnection after the primary changes, on the real PostgreSQL: two proxies play the nodes of a cluster
// (pg-proxy.ts), the pool is given the multi-host URL with target_session_attrs=read-write, and the app
// must follow the writable one without a restart; while it cannot, requests fail with SERVICE_UNAVAILABLE.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { createPool } from '../../server/db/pool.js';
import { NoMatchingHostError, type MultiHostTiming } from '../../server/db/multi-host.js';
import { createServices } from '../../server/services/services.js';
import {
  categoryId,
  reportInput,
  streetPoint,
  submit,
  type StreetPoint,
} from '../helpers/citizen.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';
import { errorCode, startTestApp, type TestApp } from '../helpers/graphql.js';
import { startPgProxy, type PgProxy } from '../helpers/pg-proxy.js';

const TIMING: MultiHostTiming = { connectTimeoutMs: 1000, waitMs: 1500, retryDelayMs: 100 };
const embedded = inject('testDatabase').kind === 'embedded';

/** The test database's URL with the host list replaced (and target_session_attrs added). */
function multiHostUrl(url: string, ports: number[], attrs = 'read-write'): string {
  const u = new URL(url);
  const hosts = ports.map((p) => `127.0.0.1:${p}`).join(',');
  return `postgres://${u.username}${u.password ? `:${u.password}` : ''}@${hosts}${u.pathname}?target_session_attrs=${attrs}`;
}

describe.skipIf(embedded)(
  'multi-host DATABASE_URL and failover (real PostgreSQL only: the embedded PGlite is one session in-process, it has no second node to switch to)',
  () => {
    let db: TestDatabase;
    let nodes: PgProxy[];
    let category: string;
    let point: StreetPoint;
    const opened: { close(): Promise<void> }[] = [];

    beforeAll(async () => {
      db = await createTestDatabase({
        RATE_REPORTS_PER_HOUR_ADDRESS: '0',
        RATE_REPORTS_PER_HOUR_EMAIL: '0',
      });
      const target = new URL(db.url!);
      nodes = [
        await startPgProxy({ host: target.hostname, port: Number(target.port || 5432) }),
        await startPgProxy({ host: target.hostname, port: Number(target.port || 5432) }),
      ];
      category = await categoryId(db, 'illuminazione_pubblica');
      point = await streetPoint(db);
    });

    afterAll(async () => {
      for (const o of opened.reverse()) await o.close().catch(() => undefined);
      for (const n of nodes ?? []) await n.close();
      await db?.close();
    });

    async function appOn(url: string): Promise<TestApp> {
      const pool = createPool(url, 4, TIMING);
      opened.push({ close: () => pool.end() });
      const app = await startTestApp(
        createServices({ pool, config: db.config, municipality: db.municipality }),
      );
      opened.push(app);
      return app;
    }

    it('writes through the writable host, and after the primary changes reconnects to the new one without a restart', async () => {
      const [first, second] = nodes;
      first.up();
      second.up();
      first.readOnly = false;
      second.readOnly = true;
      const app = await appOn(multiHostUrl(db.url!, [first.port, second.port]));

      const before = await submit(
        app,
        reportInput(category, point, { title: 'Prima del cambio di primario' }),
      );
      expect(before.errors).toBeUndefined();
      const secondSessions = second.sessions;

      // Failover: the primary dies; the standby is promoted (its new sessions are read-write).
      first.down();
      second.readOnly = false;
      const outcomes: string[] = [];
      const started = Date.now();
      let after: Awaited<ReturnType<typeof submit>> | undefined;
      for (let attempt = 0; attempt < 5 && !after; attempt++) {
        const result = await submit(
          app,
          reportInput(category, point, { title: `Dopo il cambio ${attempt}` }),
        );
        if (result.errors) outcomes.push(errorCode(result) ?? 'none');
        else after = result;
      }
      expect(after?.data?.submitReport.ticket.code).toMatch(/\S/);
      // A request caught by the switch fails with the retryable code, never another; none hangs.
      expect(outcomes.every((code) => code === 'SERVICE_UNAVAILABLE')).toBe(true);
      expect(Date.now() - started).toBeLessThan(TIMING.waitMs * 5);
      expect(second.sessions).toBeGreaterThan(secondSessions);

      const { rows } = await db.pool.query<{ title: string }>(
        'select title from ticket where code = any($1) order by id',
        [[before.data!.submitReport.ticket.code, after!.data!.submitReport.ticket.code]],
      );
      expect(rows.map((r) => r.title)).toEqual([
        'Prima del cambio di primario',
        expect.stringMatching(/^Dopo il cambio/),
      ]);
    });

    it('a write refused by a read-only server (25006) reaches the client as SERVICE_UNAVAILABLE', async () => {
      const [first] = nodes;
      first.up();
      first.readOnly = true;
      // target_session_attrs=any: the pool takes the read-only session, the database refuses the write.
      const app = await appOn(multiHostUrl(db.url!, [first.port], 'any'));
      const result = await submit(app, reportInput(category, point));
      expect(errorCode(result)).toBe('SERVICE_UNAVAILABLE');
      expect(result.errors?.[0]?.extensions?.retryAfterSeconds).toBe(2);
      expect(JSON.stringify(result.errors)).not.toMatch(/read-only transaction|insert/i);
    });

    it('with no writable host, a clear error after a bounded wait (standbys only, or nothing listening)', async () => {
      const [first, second] = nodes;
      first.up();
      second.up();
      first.readOnly = true;
      second.readOnly = true;
      const standbys = createPool(multiHostUrl(db.url!, [first.port, second.port]), 2, TIMING);
      opened.push({ close: () => standbys.end() });
      let started = Date.now();
      const error = await standbys.query('select 1').catch((e: unknown) => e);
      expect(error).toBeInstanceOf(NoMatchingHostError);
      expect((error as Error).message).toContain(`127.0.0.1:${first.port} (read-only)`);
      expect((error as Error).message).toContain(`127.0.0.1:${second.port} (read-only)`);
      expect(Date.now() - started).toBeGreaterThanOrEqual(TIMING.waitMs - TIMING.retryDelayMs - 50);
      expect(Date.now() - started).toBeLessThan(TIMING.waitMs + 2 * TIMING.connectTimeoutMs);

      const app = await appOn(multiHostUrl(db.url!, [first.port, second.port]));
      expect(errorCode(await submit(app, reportInput(category, point)))).toBe(
        'SERVICE_UNAVAILABLE',
      );

      // Two ports where nothing listens (the proxies, down).
      first.down();
      second.down();
      const nobody = createPool(multiHostUrl(db.url!, [first.port, second.port]), 2, TIMING);
      opened.push({ close: () => nobody.end() });
      started = Date.now();
      const refused = await nobody.query('select 1').catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(NoMatchingHostError);
      expect((refused as Error).message).toMatch(/No database host is read-write after \d+ ms/);
      expect(Date.now() - started).toBeLessThan(TIMING.waitMs + 2 * TIMING.connectTimeoutMs);
    });
  },
);
