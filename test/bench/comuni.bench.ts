// Comuni suite (issue 16, "many comuni on one deployment"): one comune inside a database of 50 Tuscan
// comuni with 20,000 tickets each (1,000,000 in all) against the same comune alone in a database of its
// own, holding the very same 20,000 tickets (test/bench/comuni-bench-db.ts builds both). For each figure
// — nearbyTickets p99 and throughput, sustained submitReport, the staff inbox's first page, streetStats,
// KPIs — BENCH_RUNS rounds alternate which database goes first; the goal is the ratio of the medians
// (50 comuni / alone) ≤ 1.10. Also municipalityAt over the 273 Tuscan boundaries < 5 ms.
// Both servers are the real app (citizen-server.ts, the comune as SEGNALA_MUNICIPALITY), one child
// process per database, the same pool size; only one of them is under load at a time.
//   npm run bench -- comuni            (or BENCH_SUITES=comuni npm run bench)
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type pg from 'pg';
import { loadConfig } from '../../server/config.js';
import { findMunicipalityByIstat } from '../../server/db/municipality.queries.js';
import { createPool } from '../../server/db/pool.js';
import { findTerritoryAt } from '../../server/db/territory.queries.js';
import { NEARBY_TICKETS } from '../../server/db/ticket.queries.js';
import { createServices } from '../../server/services/services.js';
import { graphql, request } from './analytics-measure.js';
import type { BenchGoal, BenchSection, OwnDatabasesSuite } from './bench-suite.js';
import { removeBenchReports } from './citizen.bench.js';
import {
  ensureComuniBenchDatabases,
  MEASURED_ISTAT,
  TICKETS_PER_COMUNE,
  type ComuniBenchDatabases,
} from './comuni-bench-db.js';
import { runLoad, type LoadResult } from './load.js';
import { pairOrder, percentile, RUNS } from './stats.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const CONNECTIONS = 20;
const NEARBY_SECONDS = Number(process.env.BENCH_COMUNI_NEARBY_SECONDS ?? 8);
const SUBMIT_SECONDS = Number(process.env.BENCH_COMUNI_SUBMIT_SECONDS ?? 15);
/** Calls of each staff query per run (after one warm-up); the run's figure is their median. */
const CALLS = Number(process.env.BENCH_COMUNI_CALLS ?? 9);
const POOL_SIZE = 10;
const MAX_RATIO = 1.1;
const RUN_KEY = `comuni-${Date.now().toString(36)}`;

const NEARBY_QUERY = `query Nearby($location: PointInput!, $categoryId: ID) {
  nearbyTickets(location: $location, categoryId: $categoryId) { code title status statusLabel distanceM supportersCount createdAt } }`;
const SUBMIT_MUTATION = `mutation Submit($input: SubmitReportInput!) { submitReport(input: $input) { ticket { code status createdAt street { name } office { name } } } }`;
// The dashboard's own inbox query (dashboard/src/api/staff.operations.ts), first page, default order.
const INBOX_QUERY = `query Inbox($first: Int!) { inbox(first: $first) { totalCount pageInfo { hasNextPage endCursor }
  edges { node { id code title status version priority suggestedPriority { value score label components { name label labelEn points } }
  office { id name } category { name nameEn } streetName createdAt dueAt overdue dueSoon supportersCount } } } }`;
const STREET_STATS_QUERY =
  '{ streetStats(orderBy: OPEN_DESC, first: 50) { totalCount edges { node { street { id name } total open overdue ticketsPerKm } } } }';
const KPIS_QUERY =
  '{ kpis(groupBy: CATEGORY) { key received resolved openBacklog medianAckHours p90AckHours medianResolveHours p90ResolveHours resolvedWithinSlaShare reopenRate openAgeP50Days openAgeP90Days } }';
const AT_QUERY = `query At($location: PointInput!) { municipalityAt(location: $location) { istatCode name served url } }`;

type Key = 'alone' | 'many';
const LABEL: Record<Key, string> = { alone: 'alone', many: '50 comuni' };

interface Side {
  key: Key;
  url: string;
  pool: pg.Pool;
  municipalityId: number;
  child: ChildProcess;
  graphqlUrl: string;
  token: string;
}

async function startServer(databaseUrl: string): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', path.join(HERE, 'citizen-server.ts'), databaseUrl, String(POOL_SIZE)],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
      env: { ...process.env, SEGNALA_MUNICIPALITY: MEASURED_ISTAT },
    },
  );
  for await (const line of createInterface({ input: child.stdout! }))
    if (line.startsWith('READY '))
      return { child, url: (JSON.parse(line.slice(6)) as { graphqlUrl: string }).graphqlUrl };
  throw new Error('comuni bench server exited before it was ready');
}

/** An admin API token of the measured comune (reads the inbox and the analytics). */
async function adminToken(pool: pg.Pool, databaseUrl: string): Promise<string> {
  const config = loadConfig({
    ...process.env,
    DATABASE_URL: databaseUrl,
    SEGNALA_MUNICIPALITY: MEASURED_ISTAT,
  });
  const municipality = await findMunicipalityByIstat(pool, MEASURED_ISTAT);
  const services = createServices({ pool, config, municipality: municipality! });
  const email = 'bench.admin@comuni.invalid';
  const staffId = await services.auth.upsertStaffUser({
    email,
    role: 'admin',
    password: `bench-${Date.now()}-x`,
    officeCodes: [],
  });
  const viewer = { staffId, email, role: 'admin' as const, officeIds: [], scopes: null };
  return (
    await services.apiTokens.create(
      viewer,
      'comuni bench',
      ['tickets:read', 'analytics:read'],
      '127.0.0.1',
    )
  ).token;
}

async function openSide(key: Key, databaseUrl: string, municipalityId: number): Promise<Side> {
  const pool = createPool(databaseUrl, 4);
  const server = await startServer(databaseUrl);
  const token = await adminToken(pool, databaseUrl);
  return {
    key,
    url: databaseUrl,
    pool,
    municipalityId,
    child: server.child,
    graphqlUrl: server.url,
    token,
  };
}

/** Points near the measured comune's reports (the same tickets in both databases), and its categories. */
async function samples(side: Side): Promise<{ points: [number, number][]; categories: number[] }> {
  const { rows } = await side.pool.query<{ lon: number; lat: number }>(
    `select st_x(p) as lon, st_y(p) as lat from (
       select st_translate(t.location::geometry, ((t.id * 7919) % 41 - 20) * 0.00001, ((t.id * 104729) % 41 - 20) * 0.00001) as p
       from ticket t where t.municipality_id = $1 order by t.code limit 4000) s
     where st_contains((select boundary from municipality where id = $1), s.p) limit 2000`,
    [side.municipalityId],
  );
  const cats = await side.pool.query<{ id: number }>(
    // a report of a category with a required question would need its answer: the bench files the others
    `select id from category c where municipality_id = $1 and active
       and not exists (select 1 from category_question q
                       where q.municipality_id = c.municipality_id and q.category_id = c.id
                         and q.required and q.active)
     order by id`,
    [side.municipalityId],
  );
  return { points: rows.map((r) => [r.lon, r.lat]), categories: cats.rows.map((c) => c.id) };
}

type Samples = Awaited<ReturnType<typeof samples>>;

function nearbyLoad(side: Side, s: Samples): Promise<LoadResult> {
  return runLoad({
    url: side.graphqlUrl,
    connections: CONNECTIONS,
    durationMs: NEARBY_SECONDS * 1000,
    warmupMs: 2000,
    next: (i) => ({
      path: '/graphql',
      body: JSON.stringify({
        query: NEARBY_QUERY,
        variables: {
          location: {
            lon: s.points[(i * 7919) % s.points.length][0],
            lat: s.points[(i * 7919) % s.points.length][1],
          },
          categoryId: String(s.categories[i % s.categories.length]),
        },
      }),
    }),
    accept: (status, body) => status === 200 && !body.includes('"errors"'),
  });
}

/** Citizens filed so far, over both databases: addresses and e-mails never repeat within the hour. */
let filed = 0;
const clientAddress = (i: number) => {
  const a = Math.floor(i / 5) + 1; // 5 reports per address, under the hourly limit of 10
  return `10.${(a >> 16) & 255}.${(a >> 8) & 255}.${a & 255}`;
};

async function submitLoad(
  side: Side,
  s: Samples,
): Promise<{ load: LoadResult; stored: number; acknowledged: number }> {
  const acknowledged = new Set<string>();
  const load = await runLoad({
    url: side.graphqlUrl,
    connections: CONNECTIONS,
    durationMs: SUBMIT_SECONDS * 1000,
    warmupMs: 0,
    next: () => {
      const i = filed++;
      const [lon, lat] = s.points[(i * 104729) % s.points.length];
      const input = {
        categoryId: String(s.categories[i % s.categories.length]),
        location: { lon, lat },
        title: `Segnalazione di prova ${i}`,
        description: 'Generata dal benchmark dei comuni: una buca larga circa mezzo metro.',
        email: `bench-${RUN_KEY}-${i}@example.invalid`,
        privacyConsent: true,
        idempotencyKey: `${RUN_KEY}-${i}`,
      };
      return {
        path: '/graphql',
        body: JSON.stringify({ query: SUBMIT_MUTATION, variables: { input } }),
        headers: { 'x-forwarded-for': clientAddress(i) },
      };
    },
    accept: (status, body) => {
      const code =
        status === 200 ? /"code":"([A-Z]{3}-[0-9A-Z]{4}-[0-9A-Z]{4})"/.exec(body)?.[1] : undefined;
      if (code) acknowledged.add(code);
      return code !== undefined;
    },
  });
  const found = await side.pool.query<{ id: number }>(
    'select id from ticket where municipality_id = $1 and code = any($2)',
    [side.municipalityId, [...acknowledged]],
  );
  const stored = found.rows.length;
  // Back to the same 20,000 tickets (and vacuumed) before anything else is measured.
  await removeBenchReports(
    side,
    found.rows.map((r) => r.id),
    RUN_KEY,
  );
  return { load, stored, acknowledged: acknowledged.size };
}

/** Median wall time (ms) of CALLS sequential calls of a staff query, after one warm-up. */
async function staffQuery(side: Side, query: string, variables = {}): Promise<number> {
  await graphql(side.graphqlUrl, side.token, query, variables);
  const ms: number[] = [];
  for (let i = 0; i < CALLS; i++) {
    const t = performance.now();
    await graphql(side.graphqlUrl, side.token, query, variables);
    ms.push(performance.now() - t);
  }
  return percentile(ms, 50);
}

/** Latencies (ms) of municipalityAt, one call at a time, at points spread over Toscana's comuni. */
async function municipalityAt(side: Side, points: [number, number][]): Promise<number[]> {
  const call = async ([lon, lat]: [number, number]) => {
    const r = await request(`${side.graphqlUrl}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: AT_QUERY, variables: { location: { lon, lat } } }),
    });
    if (r.status !== 200 || r.body.includes('"errors"'))
      throw new Error(`municipalityAt ${r.status}: ${r.body.toString().slice(0, 200)}`);
  };
  const ms: number[] = [];
  for (const p of points) {
    const t = performance.now();
    await call(p);
    ms.push(performance.now() - t);
  }
  return ms;
}

/** One interior point of each of the 273 Tuscan comuni (ST_PointOnSurface), for municipalityAt. */
async function territoryPoints(pool: pg.Pool): Promise<[number, number][]> {
  const { rows } = await pool.query<{ lon: number; lat: number }>(
    `select st_x(p) as lon, st_y(p) as lat from
       (select st_pointonsurface(boundary) as p from territory order by istat_code) s`,
  );
  return rows.map((r) => [r.lon, r.lat]);
}

interface Figure {
  name: string;
  unit: string;
  higherIsBetter: boolean;
  values: Record<Key, number[]>;
}

const fmt = (x: number) => (x >= 100 ? x.toFixed(0) : x >= 1 ? x.toFixed(1) : x.toFixed(3));

function comparison(figures: Figure[]): { table: Record<string, string>[]; goals: BenchGoal[] } {
  const table: Record<string, string>[] = [];
  const goals: BenchGoal[] = [];
  for (const f of figures) {
    const m = (k: Key) => ({
      median: percentile(f.values[k], 50),
      p95: percentile(f.values[k], f.higherIsBetter ? 5 : 95),
    });
    // The cost ratio: time(50) / time(alone), or throughput(alone) / throughput(50).
    // From the unrounded medians (spreadOf rounds to 0.1, which makes 0.0 of a sub-millisecond figure).
    const med = (k: Key) => percentile(f.values[k], 50);
    const cost = f.higherIsBetter
      ? med('alone') / Math.max(med('many'), 1e-9)
      : med('many') / Math.max(med('alone'), 1e-9);
    table.push({
      figure: f.name,
      runs: String(f.values.many.length),
      'alone, median / p95': `${fmt(m('alone').median)} / ${fmt(m('alone').p95)} ${f.unit}`,
      '50 comuni, median / p95': `${fmt(m('many').median)} / ${fmt(m('many').p95)} ${f.unit}`,
      'cost ratio (50 comuni / alone)': cost.toFixed(2),
    });
    goals.push({
      goal: `${f.name}: cost within 10 % of the comune alone`,
      measured: `${cost.toFixed(2)} ×`,
      pass: cost <= MAX_RATIO,
    });
  }
  return { table, goals };
}

async function runSuite(log: (m: string) => void): Promise<BenchSection[]> {
  const dbs: ComuniBenchDatabases = await ensureComuniBenchDatabases(log);
  const id = dbs.measured.id;
  const sides: Record<Key, Side> = {
    alone: await openSide('alone', dbs.alone.url, id),
    many: await openSide('many', dbs.many.url, id),
  };
  try {
    const s = await samples(sides.alone);
    const fig = (name: string, unit: string, higherIsBetter = false): Figure => ({
      name,
      unit,
      higherIsBetter,
      values: { alone: [], many: [] },
    });
    const figures = {
      nearbyP99: fig(`nearbyTickets p99, ${CONNECTIONS} connections`, 'ms'),
      nearbyRps: fig(`nearbyTickets throughput, ${CONNECTIONS} connections`, 'req/s', true),
      submit: fig(`submitReport sustained ${SUBMIT_SECONDS} s, rate limits on`, 'reports/s', true),
      inbox: fig('inbox first page (20, suggested priority)', 'ms'),
      streets: fig('streetStats OPEN_DESC first 50', 'ms'),
      kpis: fig('kpis groupBy CATEGORY', 'ms'),
    };
    let stored = 0;
    let acknowledged = 0;
    for (let run = 0; run < RUNS; run++) {
      for (const key of pairOrder<Key>(run, 'alone', 'many')) {
        const side = sides[key];
        const tag = `comuni: run ${run + 1}/${RUNS}, ${LABEL[key]}`;
        log(`${tag}: nearbyTickets ${NEARBY_SECONDS} s…`);
        const near = await nearbyLoad(side, s);
        figures.nearbyP99.values[key].push(near.latencyMs.p99);
        figures.nearbyRps.values[key].push(near.rps);
        log(`${tag}: submitReport ${SUBMIT_SECONDS} s…`);
        const sub = await submitLoad(side, s);
        figures.submit.values[key].push(sub.load.rps);
        stored += sub.stored;
        acknowledged += sub.acknowledged;
        log(`${tag}: ${sub.load.rps} reports/s, staff queries…`);
        figures.inbox.values[key].push(await staffQuery(side, INBOX_QUERY, { first: 20 }));
        figures.streets.values[key].push(await staffQuery(side, STREET_STATS_QUERY));
        figures.kpis.values[key].push(await staffQuery(side, KPIS_QUERY));
      }
    }
    // The nearby SQL alone: its execution time inside PostgreSQL (EXPLAIN ANALYZE), point by point in
    // both databases in turn, less swayed by the load on the machine than the wall time of 20 connections.
    log('comuni: nearbyTickets SQL execution time, both databases…');
    const nearSql: Record<Key, number[]> = { alone: [], many: [] };
    for (let i = 0; i < Math.min(400, s.points.length); i++)
      for (const key of pairOrder<Key>(i, 'alone', 'many')) {
        const [lon, lat] = s.points[(i * 7919) % s.points.length];
        const { rows } = await sides[key].pool.query<{
          'QUERY PLAN': [{ 'Execution Time': number }];
        }>(`explain (analyze, format json) ${NEARBY_TICKETS.text}`, [
          id,
          lon,
          lat,
          s.categories[i % s.categories.length],
          null,
        ]);
        if (i >= 20) nearSql[key].push(rows[0]['QUERY PLAN'][0]['Execution Time']);
      }
    const nearSqlFigure: Figure = {
      name: 'nearbyTickets SQL execution time (EXPLAIN ANALYZE, one call at a time)',
      unit: 'ms',
      higherIsBetter: false,
      values: nearSql,
    };
    const points = await territoryPoints(sides.many.pool);
    log(`comuni: municipalityAt at ${points.length} points, both databases…`);
    for (const key of ['alone', 'many'] as Key[])
      await municipalityAt(sides[key], points.slice(0, 20));
    // Point by point, the two databases in turn (the first one alternating), so both see the same load.
    const at: Record<Key, number[]> = { alone: [], many: [] };
    const atSql: Record<Key, number[]> = { alone: [], many: [] };
    for (let run = 0; run < 3; run++)
      for (const [i, p] of points.entries())
        for (const key of pairOrder<Key>(run + i, 'alone', 'many')) {
          at[key].push(...(await municipalityAt(sides[key], [p])));
          const t = performance.now();
          await findTerritoryAt(sides[key].pool, p[0], p[1]);
          atSql[key].push(performance.now() - t);
        }
    const atOf = (k: Key) => ({
      p50: percentile(at[k], 50),
      p95: percentile(at[k], 95),
      p99: percentile(at[k], 99),
      sql50: percentile(atSql[k], 50),
      sql95: percentile(atSql[k], 95),
    });
    const { table, goals } = comparison([...Object.values(figures), nearSqlFigure]);
    const many = atOf('many');
    return [
      {
        title: `${dbs.measured.name} (${MEASURED_ISTAT}) among ${dbs.many.comuni} comuni (${dbs.many.tickets.toLocaleString('en')} tickets) vs alone (${dbs.alone.tickets.toLocaleString('en')})`,
        table,
        goals: [
          ...goals,
          {
            goal: 'every acknowledged report is in the database',
            measured: `${stored} of ${acknowledged}`,
            pass: stored === acknowledged,
          },
        ],
        notes: [
          `${RUNS} rounds; in each the two databases take turns (the first one alternates), each figure measured on one database then the other: nearbyTickets ${NEARBY_SECONDS} s after a 2 s warm-up, submitReport ${SUBMIT_SECONDS} s (then its reports are removed and ticket vacuumed), then the staff queries, ${CALLS} calls each after a warm-up (the median of the calls is the run's figure). Cells are "median / p95 of the runs" (p95 at the slow end).`,
          `Cost ratio: time in the 50-comuni database over time alone, or throughput alone over throughput in the 50-comuni database; > 1 means the big database costs more.`,
          `Both databases: migrations, the 273 Toscana boundaries, comuni onboarded by comune:add's addComune (ANNCSU streets, default template), ${TICKETS_PER_COMUNE.toLocaleString('en')} demo tickets per comune from the demo generator seeded by the ISTAT code (COPY). ${dbs.measured.name} was added first in both, so its id, prefix, streets and tickets are the same.`,
          `Both servers: the real app (test/bench/citizen-server.ts, SEGNALA_MUNICIPALITY=${MEASURED_ISTAT}), one child process per database with a pool of ${POOL_SIZE}; an admin API token for the staff queries.`,
        ],
      },
      {
        title: 'municipalityAt over the 273 Toscana boundaries (GraphQL, one call at a time)',
        table: (['alone', 'many'] as Key[]).map((k) => ({
          database: LABEL[k],
          calls: at[k].length,
          'p50 ms': atOf(k).p50.toFixed(2),
          'p95 ms': atOf(k).p95.toFixed(2),
          'p99 ms': atOf(k).p99.toFixed(2),
          'SQL alone p50 / p95 ms': `${atOf(k).sql50.toFixed(2)} / ${atOf(k).sql95.toFixed(2)}`,
        })),
        goals: [
          {
            goal: 'municipalityAt < 5 ms (p95 of the calls, 50-comuni database)',
            measured: `${many.p95.toFixed(2)} ms (p50 ${many.p50.toFixed(2)}, p99 ${many.p99.toFixed(2)})`,
            pass: many.p95 < 5,
          },
        ],
        notes: [
          'One interior point (ST_PointOnSurface) of each of the 273 comuni, 3 rounds, each point asked of both databases in turn; the time is the whole HTTP round trip to GraphQL on 127.0.0.1. "SQL alone": the same query (findTerritoryAt) through pg from the bench process.',
        ],
      },
    ];
  } finally {
    for (const side of Object.values(sides)) {
      side.child.kill('SIGTERM');
      await removeBenchReports(side, [], RUN_KEY);
      await side.pool.end();
    }
  }
}

const suite: OwnDatabasesSuite = {
  name: 'comuni',
  ownDatabases: true,
  run: (ctx) => runSuite(ctx.log),
  prepare: async (ctx) => {
    const dbs = await ensureComuniBenchDatabases(ctx.log);
    return [dbs.alone.db, dbs.many.db];
  },
};
export default suite;
