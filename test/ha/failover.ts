// `npm run test:ha`: Segnala on a pg_auto_failover cluster (monitor + primary + synchronous standby, all on
// 127.0.0.1) through the multi-host DATABASE_URL. 16 clients submit reports; the primary's postmaster and
// keeper are SIGKILLed; the monitor promotes the standby; Segnala must find it without a restart. Prints the
// figures and exits non-zero when an acknowledged report is missing on the new primary, when a request
// failed with anything but SERVICE_UNAVAILABLE or hung, or when the service was out for 20 s or more.
//   npm run test:ha -- --runs 5   (or HA_RUNS=5: several failovers, each on a fresh cluster)
import 'reflect-metadata';
import os from 'node:os';
import { parseArgs } from 'node:util';
import type { FastifyInstance } from 'fastify';
import { seedSeravezza } from '../../seeds/seed.js';
import { loadConfig } from '../../server/config.js';
import { openDatabase, type Database } from '../../server/db/database.js';
import { findMunicipalityByIstat } from '../../server/db/municipality.queries.js';
import { buildSegnalaSchema } from '../../server/graphql/build-schema.js';
import { buildApp } from '../../server/http/app.js';
import { createServices } from '../../server/services/services.js';
import { Cluster, MULTI_HOST_URL, NODE_PORTS, nodeUrl, queryOnce } from './cluster.js';

const CLIENTS = 16;
const PHASE_MS = 8_000;
const MAX_OUTAGE_S = 20;
/** Load goes on after the kill until the service is back for this long (or the outage bound passes). */
const AFTER_RECOVERY_MS = 4_000;
const RUN_LIMIT_MS = 240_000;
const REQUEST_TIMEOUT_MS = 30_000;
const { values: cli } = parseArgs({ options: { runs: { type: 'string' } } });
const RUNS = Number(cli.runs ?? process.env.HA_RUNS ?? 1);
if (!Number.isInteger(RUNS) || RUNS < 1)
  throw new Error(
    `--runs (HA_RUNS) must be a whole number ≥ 1, not ${cli.runs ?? process.env.HA_RUNS}`,
  );

const started = Date.now();
const log = (line: string) =>
  console.log(`[${((Date.now() - started) / 1000).toFixed(1)} s] ${line}`);

const SUBMIT = `mutation Submit($input: SubmitReportInput!) { submitReport(input: $input) { ticket { code } } }`;

interface AppHandle {
  url: string;
  db: Database;
  app: FastifyInstance;
  close(): Promise<void>;
}

async function startApp(): Promise<AppHandle> {
  const config = loadConfig({
    ...process.env,
    DATABASE_URL: MULTI_HOST_URL,
    SMTP_URL: '',
    PUBLIC_URL: 'http://ha.invalid',
    SEGNALA_DEMO_TICKETS: '0',
    RATE_REPORTS_PER_HOUR_ADDRESS: '0',
    RATE_REPORTS_PER_HOUR_EMAIL: '0',
  });
  const db = await openDatabase({
    databaseUrl: MULTI_HOST_URL,
    embeddedDir: undefined,
    poolSize: 10,
  });
  const municipality = await findMunicipalityByIstat(db.pool, config.municipalityIstat);
  if (!municipality) throw new Error('no municipality: seed first');
  const app = await buildApp({
    schema: await buildSegnalaSchema(),
    services: createServices({ pool: db.pool, config, municipality }),
    logger: false,
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const port = (app.server.address() as { port: number }).port;
  return {
    url: `http://127.0.0.1:${port}/graphql`,
    db,
    app,
    async close() {
      await app.close();
      await db.close();
    },
  };
}

interface Sample {
  at: number;
  ms: number;
  code?: string;
  error?: string;
}

interface Load {
  acknowledged: string[];
  samples: Sample[];
  stop(): Promise<void>;
}

/** 16 closed-loop clients sending submitReport until stop(). */
function startLoad(
  url: string,
  points: { lon: number; lat: number }[],
  categories: string[],
  tag: string,
): Load {
  const acknowledged: string[] = [];
  const samples: Sample[] = [];
  let running = true;
  let n = 0;
  const worker = async (w: number) => {
    while (running) {
      const i = n++;
      const input = {
        categoryId: categories[i % categories.length],
        location: points[i % points.length],
        title: `Lampione spento ${tag}-${i}`,
        description: 'Il lampione davanti al civico non si accende da giorni.',
        email: `ha${w}@example.org`,
        privacyConsent: true,
        idempotencyKey: `${tag}-${i}`,
      };
      const t0 = Date.now();
      const sample: Sample = { at: t0, ms: 0 };
      try {
        const response = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ query: SUBMIT, variables: { input } }),
          signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
        });
        const body = (await response.json()) as {
          data?: { submitReport?: { ticket: { code: string } } };
          errors?: { extensions?: { code?: string } }[];
        };
        const code = body.data?.submitReport?.ticket.code;
        if (code) {
          acknowledged.push(code);
          sample.code = code;
        } else sample.error = body.errors?.[0]?.extensions?.code ?? `HTTP ${response.status}`;
      } catch (error) {
        sample.error = (error as Error).name === 'TimeoutError' ? 'HANG' : 'NETWORK';
      }
      sample.ms = Date.now() - t0;
      samples.push(sample);
      if (sample.error) await sleep(100);
    }
  };
  const workers = Array.from({ length: CLIENTS }, (_, w) => worker(w));
  return {
    acknowledged,
    samples,
    async stop() {
      running = false;
      await Promise.all(workers);
    },
  };
}

const WARMUP_MS = 3_000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Reports acknowledged per second among the requests sent and answered within [from, to). */
function rate(samples: Sample[], from: number, to: number): number {
  return (
    samples.filter((s) => s.code && s.at >= from && s.at + s.ms <= to).length / ((to - from) / 1000)
  );
}

interface RunResult {
  acknowledged: number;
  found: number;
  lost: number;
  outageS: number;
  errors: Record<string, number>;
  asyncRps: number;
  syncRps: number;
  worstMs: number;
  /** The machine's 1-minute load average when the primary was killed: the throughput is noise under load. */
  load: number;
}

async function oneRun(run: number): Promise<RunResult> {
  const cluster = await Cluster.create(log);
  const stopOnSignal = () => {
    void cluster.stop().finally(() => process.exit(130));
  };
  process.once('SIGINT', stopOnSignal);
  process.once('SIGTERM', stopOnSignal);
  const limit = setTimeout(() => {
    log(`run ${run}: over ${RUN_LIMIT_MS / 1000} s, stopping`);
    void cluster.stop().finally(() => process.exit(2));
  }, RUN_LIMIT_MS);
  let app: AppHandle | undefined;
  try {
    log(`run ${run}: monitor in ${cluster.dir}`);
    await cluster.startMonitor();
    await cluster.startNode(0);
    await cluster.waitForStates({ [NODE_PORTS[0]]: 'single' }, 60_000);
    await queryOnce(nodeUrl(NODE_PORTS[0]), 'create extension if not exists postgis');
    log('primary up; migrating and seeding through the multi-host URL');
    const seedDb = await openDatabase({
      databaseUrl: MULTI_HOST_URL,
      embeddedDir: undefined,
      poolSize: 2,
    });
    await seedSeravezza(seedDb.pool, { demo: false, demoTickets: 0 });
    await seedDb.close();
    await cluster.startNode(1);
    // pg_basebackup asks for a spread checkpoint (minutes on an idle server): ask for an immediate one.
    await cluster.waitForStates(
      { [NODE_PORTS[0]]: 'primary', [NODE_PORTS[1]]: 'secondary' },
      120_000,
      async () => {
        await queryOnce(nodeUrl(NODE_PORTS[0]), 'checkpoint');
      },
    );
    await cluster.tuneNode(0);
    await cluster.tuneNode(1);
    const [sync] = await queryOnce<{ names: string; commit: string }>(
      nodeUrl(NODE_PORTS[0]),
      `select current_setting('synchronous_standby_names') as names, current_setting('synchronous_commit') as commit`,
    );
    log(
      `standby in sync: synchronous_standby_names=${sync.names}, synchronous_commit=${sync.commit}`,
    );
    if (!sync.names || sync.commit !== 'on')
      throw new Error('the primary does not replicate synchronously');

    const points = await queryOnce<{ lon: number; lat: number }>(
      nodeUrl(NODE_PORTS[0]),
      `select st_x(p) as lon, st_y(p) as lat from street s join municipality m on m.id = s.municipality_id,
         lateral (select st_lineinterpolatepoint(st_geometryn(s.geom, 1), 0.5) as p) q
       where st_contains(m.boundary, q.p) order by s.id limit 200`,
    );
    const categories = (
      await queryOnce<{ id: number }>(
        nodeUrl(NODE_PORTS[0]),
        // The load sends no answers: categories with a required question (sql/053) would refuse it.
        `select id from category c where active and not exists (select 1 from category_question q
           where q.municipality_id = c.municipality_id and q.category_id = c.id and q.required) order by id`,
      )
    ).map((c) => String(c.id));

    // One app and one load throughout: a warm-up, a window without synchronous replication (for the
    // comparison only: commits wait for the local disk alone), a window with it, then the kill.
    app = await startApp();
    const load = startLoad(app.url, points, categories, `r${run}`);
    const setCommit = async (value: string) => {
      const primary = nodeUrl(NODE_PORTS[0]);
      await queryOnce(
        primary,
        value
          ? `alter system set synchronous_commit = ${value}`
          : 'alter system reset synchronous_commit',
      );
      await queryOnce(primary, 'select pg_reload_conf()');
    };
    await sleep(WARMUP_MS);
    await setCommit('local');
    const asyncFrom = Date.now();
    await sleep(PHASE_MS);
    const asyncTo = Date.now();
    await setCommit('');
    const syncFrom = Date.now();
    await sleep(PHASE_MS);
    const killedAt = Date.now();
    const load1 = os.loadavg()[0];
    const asyncRps = rate(load.samples, asyncFrom, asyncTo);
    const syncRps = rate(load.samples, syncFrom, killedAt);
    log(
      `submit: ${asyncRps.toFixed(0)}/s with synchronous_commit=local, ${syncRps.toFixed(0)}/s synchronous; SIGKILL to the primary (postmaster and keeper)`,
    );
    await cluster.killNode(0);
    // Load goes on until submits succeed again for AFTER_RECOVERY_MS, or the outage bound has passed.
    let recoveredAt: number | undefined;
    while (Date.now() - killedAt < (MAX_OUTAGE_S + 10) * 1000) {
      await sleep(250);
      const firstOk = load.samples.find((s) => s.code && s.at > killedAt);
      if (firstOk) recoveredAt ??= firstOk.at + firstOk.ms;
      if (recoveredAt && Date.now() - recoveredAt > AFTER_RECOVERY_MS) break;
    }
    await load.stop();
    await app.close();
    app = undefined;
    const states = await cluster.states();
    log(`monitor: ${states.map((s) => `${s.port} ${s.reported}/${s.goal}`).join(', ')}`);

    // The last success before the kill, the first after it: the window without service.
    const lastBefore = Math.max(
      ...load.samples.filter((s) => s.code && s.at + s.ms <= killedAt).map((s) => s.at + s.ms),
    );
    const outageS = recoveredAt ? (recoveredAt - Math.min(lastBefore, killedAt)) / 1000 : Infinity;
    const errors: Record<string, number> = {};
    for (const s of load.samples) if (s.error) errors[s.error] = (errors[s.error] ?? 0) + 1;
    const worstMs = Math.max(...load.samples.map((s) => s.ms));

    const acknowledged = load.acknowledged;
    const present = await queryOnce<{ code: string }>(
      nodeUrl(NODE_PORTS[1]),
      'select code from ticket where code = any($1)',
      [acknowledged],
    );
    const found = new Set(present.map((r) => r.code));
    const lost = acknowledged.filter((c) => !found.has(c));
    if (lost.length) log(`LOST: ${lost.slice(0, 10).join(', ')}`);
    return {
      acknowledged: acknowledged.length,
      found: found.size,
      lost: lost.length,
      outageS,
      errors,
      asyncRps,
      syncRps,
      worstMs,
      load: load1,
    };
  } finally {
    clearTimeout(limit);
    process.off('SIGINT', stopOnSignal);
    process.off('SIGTERM', stopOnSignal);
    await app?.close().catch(() => undefined);
    await cluster.stop();
  }
}

let failed = false;
const results: RunResult[] = [];
for (let run = 1; run <= RUNS; run++) {
  try {
    const r = await oneRun(run);
    results.push(r);
    const unexpected = Object.keys(r.errors).filter((code) => code !== 'SERVICE_UNAVAILABLE');
    console.log(
      `run ${run}: acknowledged ${r.acknowledged}, found on the new primary ${r.found}, lost ${r.lost}; ` +
        `without service ${r.outageS.toFixed(1)} s; errors ${JSON.stringify(r.errors)}; slowest request ${r.worstMs} ms; ` +
        `submit ${r.syncRps.toFixed(0)}/s synchronous vs ${r.asyncRps.toFixed(0)}/s synchronous_commit=local; load average ${r.load.toFixed(1)}`,
    );
    if (r.lost > 0 || r.outageS >= MAX_OUTAGE_S || unexpected.length > 0) failed = true;
  } catch (error) {
    console.error(`run ${run} failed:`, error);
    failed = true;
  }
}
// The rows of docs/high-availability.md's table, ready to paste.
const n = (x: number) => x.toLocaleString('en-US');
if (results.length > 1)
  console.log(
    results
      .map(
        (r, i) =>
          `| ${i + 1} | ${n(r.acknowledged)} | ${n(r.found)} | ${r.lost} | ${r.outageS.toFixed(1)} s | ${
            Object.entries(r.errors)
              .map(([code, count]) => `${count} × \`${code}\``)
              .join(', ') || 'none'
          } | ${r.syncRps.toFixed(0)} | ${r.asyncRps.toFixed(0)} | ${r.load.toFixed(1)} |`,
      )
      .join('\n'),
  );
console.log(failed ? 'test:ha FAILED' : `test:ha passed (${results.length} run(s))`);
process.exit(failed ? 1 : 0);
