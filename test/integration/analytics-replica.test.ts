// ANALYTICS_DATABASE_URL on a real streaming replica: a throwaway primary and its hot standby, each on
// its own port (test/helpers/pg-replica.ts). The planner's queries and the exports are read on the
// standby (a report the primary has and the paused standby has not yet replayed is missing from them),
// analyticsSource tells the lag, every write (reports, the export's audit row) goes to the primary, a
// primary given as the replica is accepted with a warning and its sessions refuse writes, and a standby
// that is down makes analytics answer SERVICE_UNAVAILABLE promptly while /readyz says "degraded".
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ANALYTICS_APPLICATION_NAME } from '../../server/db/analytics-database.js';
import { openDatabase, type Database } from '../../server/db/database.js';
import {
  findMunicipalityByIstat,
  type MunicipalityRow,
} from '../../server/db/municipality.queries.js';
import { createServices, type Services } from '../../server/services/services.js';
import { seedSeravezza } from '../../seeds/seed.js';
import { categoryId, reportInput, streetPoint, submit } from '../helpers/citizen.js';
import { testConfig, type TestDatabase } from '../helpers/database.js';
import { errorCode, startTestApp, type TestApp } from '../helpers/graphql.js';
import { replicaUnsupported, startReplicaPair, type ReplicaPair } from '../helpers/pg-replica.js';
import { createStaff } from '../helpers/staff-fixtures.js';

const skipReason =
  inject('testDatabase').kind === 'embedded'
    ? 'the embedded PGlite is one in-process session with no WAL to stream: it cannot have a replica (run with DATABASE_URL)'
    : replicaUnsupported();

/** Every planner query of the dashboard, with the one figure the test compares. */
const PLANNER = `{
  analyticsSource { replica lagSeconds }
  kpis { received }
  timeSeries { __typename }
  heatmap { __typename }
  ticketPoints { count }
  duplicateClusters { __typename }
  streetStats(first: 5) { totalCount edges { node { total recurrence medianResolveHours byCategory { count } } } }
}`;

type PlannerData = {
  analyticsSource: { replica: boolean; lagSeconds: number };
  kpis: { received: number }[];
  ticketPoints: { count: number };
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.skipIf(skipReason)(
  `analytics on a streaming replica (ANALYTICS_DATABASE_URL)${skipReason ? ` — skipped: ${skipReason}` : ''}`,
  () => {
    let pair: ReplicaPair;
    let database: Database;
    let db: TestDatabase;
    let app: TestApp;
    let token: string;
    const startWarnings: string[] = [];
    const opened: { close(): Promise<void> }[] = [];

    /** A database handle as start.ts opens one, with its own services and app. */
    async function servicesOn(
      analyticsUrl: string,
      warnings: string[],
    ): Promise<{ database: Database; services: Services; municipality: MunicipalityRow }> {
      const opened = await openDatabase({
        databaseUrl: pair.primaryUrl,
        analyticsUrl,
        embeddedDir: undefined,
        poolSize: 3,
        log: (line) => warnings.push(line),
      });
      const config = testConfig({
        DATABASE_URL: pair.primaryUrl,
        ANALYTICS_DATABASE_URL: analyticsUrl,
        RATE_REPORTS_PER_HOUR_ADDRESS: '0',
        RATE_REPORTS_PER_HOUR_EMAIL: '0',
      });
      const municipality = (await findMunicipalityByIstat(opened.pool, config.municipalityIstat))!;
      const services = createServices({
        pool: opened.pool,
        analyticsPool: opened.analyticsPool,
        config,
        municipality,
      });
      return { database: opened, services, municipality };
    }

    const bearer = () => ({ authorization: `Bearer ${token}` });
    const planner = (on = app) => on.gql<PlannerData>(PLANNER, {}, bearer());
    const exportCsv = (on = app) =>
      fetch(`${on.url}/export/tickets.csv`, { headers: bearer() }).then(async (r) => ({
        status: r.status,
        text: await r.text(),
      }));
    const onPrimary = async (text: string, values: unknown[] = []) =>
      (await database.pool.query(text, values)).rows;

    beforeAll(async () => {
      pair = await startReplicaPair(async (url) => {
        const prepared = await openDatabase({
          databaseUrl: url,
          embeddedDir: undefined,
          poolSize: 2,
        });
        await seedSeravezza(prepared.pool, { demo: false, demoTickets: 0 });
        await prepared.close();
      });
      const built = await servicesOn(pair.replicaUrl, startWarnings);
      database = built.database;
      db = {
        pool: database.pool,
        kind: 'postgres',
        municipality: built.municipality,
        services: built.services,
        config: built.services.deps.config,
        url: pair.primaryUrl,
        close: () => database.close(),
      };
      app = await startTestApp(built.services);
      const staff = await createStaff(db, 'pianificatore@seravezza.demo', 'planner');
      token = (
        await built.services.apiTokens.create(staff, 'replica', ['analytics:read'], '127.0.0.1')
      ).token;
      await pair.caughtUp();
    }, 60_000);

    afterAll(async () => {
      for (const o of opened.reverse()) await o.close().catch(() => undefined);
      await app?.close();
      await database?.close();
      await pair?.stop();
    });

    it('starts without a warning on a standby of DATABASE_URL, its analytics sessions on the standby only', async () => {
      expect(startWarnings).toEqual([]);
      expect(database.analyticsPool).not.toBe(database.pool);
      const result = await planner();
      expect(result.errors).toBeUndefined();
      expect(result.data?.analyticsSource.replica).toBe(true);
      const [{ n: onStandby }] = await pair.onReplica<{ n: number }>(
        `select count(*)::int as n from pg_stat_activity where application_name = '${ANALYTICS_APPLICATION_NAME}'`,
      );
      expect(onStandby).toBeGreaterThan(0);
      const [{ n: onPrimaryCount }] = (await onPrimary(
        'select count(*)::int as n from pg_stat_activity where application_name = $1',
        [ANALYTICS_APPLICATION_NAME],
      )) as { n: number }[];
      expect(onPrimaryCount).toBe(0);
    });

    it('serves planner queries and exports from the standby: a report not yet replayed is missing there, the lag shows, the writes land on the primary', async () => {
      await pair.onReplica('select pg_wal_replay_pause()');
      let code: string;
      try {
        // A citizen's report: a write, through the offices' pool, to the primary.
        const category = await categoryId(db, 'buca_stradale');
        const submitted = await submit(app, reportInput(category, await streetPoint(db)));
        expect(submitted.errors).toBeUndefined();
        code = submitted.data!.submitReport.ticket.code;
        expect(await onPrimary('select code from ticket where code = $1', [code])).toHaveLength(1);
        await pair.received(); // streamed to the standby, not replayed: replay is paused

        const paused = await planner();
        expect(paused.errors).toBeUndefined();
        const data = paused.data!;
        expect(data.kpis.reduce((sum, k) => sum + k.received, 0)).toBe(0);
        expect(data.ticketPoints.count).toBe(0);
        expect(data.analyticsSource.replica).toBe(true);
        expect(data.analyticsSource.lagSeconds).toBeGreaterThan(0);

        const csv = await exportCsv();
        expect(csv.status).toBe(200);
        expect(csv.text).not.toContain(code);
        // The export's audit row is a write: on the primary, while the standby cannot even replay.
        const audits = (await onPrimary(
          `select count(*)::int as n from audit_log where municipality_id = $1 and action = 'export.tickets'`,
          [db.municipality.id],
        )) as { n: number }[];
        expect(audits[0].n).toBe(1);
      } finally {
        await pair.onReplica('select pg_wal_replay_resume()');
      }
      await pair.caughtUp();

      // Replayed: the same queries now count it, and a caught-up standby is 0 s behind.
      let lag = Number.NaN;
      for (let i = 0; i < 50 && lag !== 0; i++) {
        const source = await app.gql<PlannerData>(
          '{ analyticsSource { replica lagSeconds } }',
          {},
          bearer(),
        );
        lag = source.data!.analyticsSource.lagSeconds;
        if (lag !== 0) await sleep(100);
      }
      expect(lag).toBe(0);
      const replayed = await planner();
      expect(replayed.data!.kpis.reduce((sum, k) => sum + k.received, 0)).toBe(1);
      expect(replayed.data!.ticketPoints.count).toBe(1);
      expect((await exportCsv()).text).toContain(code);
    });

    it('accepts a primary as ANALYTICS_DATABASE_URL with a warning; every planner query and the export still work on its read-only sessions', async () => {
      const warnings: string[] = [];
      const onMain = await servicesOn(pair.primaryUrl, warnings);
      opened.push(onMain.database);
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toMatch(
        /^ANALYTICS_DATABASE_URL: 127\.0\.0\.1:\d+\/segnala is a primary \(not in recovery\), the very server of DATABASE_URL\. Accepted/,
      );
      // The analytics sessions refuse writes, even on a primary…
      const refused = await onMain.database.analyticsPool
        .query(`insert into audit_log (municipality_id, action, target) values ($1, 'x', 'x')`, [
          onMain.municipality.id,
        ])
        .catch((error: unknown) => error as { code?: string });
      expect(refused).toMatchObject({ code: '25006' });
      // …so the whole analytics path answering on them proves it writes nothing (the rollup
      // compaction, a write, runs on the primary's pool: start.ts gives it db.pool).
      const main = await startTestApp(onMain.services);
      opened.push(main);
      const result = await planner(main);
      expect(result.errors).toBeUndefined();
      expect(result.data?.analyticsSource).toEqual({ replica: false, lagSeconds: 0 });
      const csv = await exportCsv(main);
      expect(csv.status).toBe(200);
      expect(csv.text.split('\n').filter(Boolean)).toHaveLength(2); // header + the one ticket
    });

    it('with the standby down: analytics answer SERVICE_UNAVAILABLE promptly, /readyz is degraded (200), the offices still write', async () => {
      await pair.stopReplica();
      const started = Date.now();
      const result = await planner();
      expect(errorCode(result)).toBe('SERVICE_UNAVAILABLE');
      expect(JSON.stringify(result.errors)).not.toMatch(/ECONNREFUSED|127\.0\.0\.1|postgres/);
      const csv = await exportCsv();
      expect(csv.status).toBe(503);
      expect(JSON.parse(csv.text)).toMatchObject({ error: { code: 'SERVICE_UNAVAILABLE' } });
      expect(Date.now() - started).toBeLessThan(12_000);

      const ready = await fetch(`${app.url}/readyz`);
      expect(ready.status).toBe(200);
      expect(await ready.json()).toEqual({
        status: 'degraded',
        degraded: ['analytics_database'],
        checks: {
          database_read: 'ok',
          database_write: 'ok',
          migrations: 'ok',
          analytics_database: 'failed',
        },
      });
      const metrics = await (await fetch(`${app.url}/metrics`)).text();
      // prom-client writes NaN as "Nan".
      expect(metrics).toMatch(/^segnala_analytics_replica_lag_seconds Nan$/im);

      const category = await categoryId(db, 'illuminazione_pubblica');
      const submitted = await submit(app, reportInput(category, await streetPoint(db)));
      expect(submitted.errors).toBeUndefined();

      // A start with the standby unreachable goes on, with a warning naming it (never its password).
      const warnings: string[] = [];
      const later = await servicesOn(pair.replicaUrl, warnings);
      opened.push(later.database);
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toMatch(
        /^ANALYTICS_DATABASE_URL: 127\.0\.0\.1:\d+\/segnala refused the connection .*SERVICE_UNAVAILABLE/,
      );
    });
  },
);
