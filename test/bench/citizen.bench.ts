// Citizen suite: nearbyTickets through GraphQL against the raw node:http + pg baseline running the
// same SQL (20 connections), in BENCH_RUNS rounds that alternate which of the two goes first; and
// sustained submitReport (default 60 s a run, BENCH_RUNS runs) with the rate limits on, many citizens
// behind a trusted proxy, every acknowledged code checked in the database afterwards. The bench's own
// reports and counters are removed after each run, so the shared database keeps its tickets.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { BenchContext, BenchSection, BenchSuite } from './bench-suite.js';
import { runLoad, type LoadResult } from './load.js';
import { compactRollups } from '../../server/db/rollup.sql.js';
import { cell, pairOrder, RUNS, spreadOf } from './stats.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const CONNECTIONS = 20;
const NEARBY_SECONDS = Number(process.env.BENCH_NEARBY_SECONDS ?? 10);
const SUBMIT_SECONDS = Number(process.env.BENCH_SUBMIT_SECONDS ?? 60);
const POOL_SIZE = Number(process.env.BENCH_POOL_SIZE ?? 10);
const RUN = `bench-${Date.now().toString(36)}`;

const NEARBY_QUERY = `query Nearby($location: PointInput!, $categoryId: ID) {
  nearbyTickets(location: $location, categoryId: $categoryId) { code title status statusLabel distanceM supportersCount createdAt } }`;
const SUBMIT_MUTATION = `mutation Submit($input: SubmitReportInput!) { submitReport(input: $input) { ticket { code status createdAt street { name } office { name } } } }`;

async function startServers(
  databaseUrl: string,
): Promise<{ child: ChildProcess; graphqlUrl: string; rawUrl: string }> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', path.join(HERE, 'citizen-server.ts'), databaseUrl, String(POOL_SIZE)],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const lines = createInterface({ input: child.stdout! });
  for await (const line of lines) {
    if (line.startsWith('READY ')) {
      const urls = JSON.parse(line.slice(6)) as { graphqlUrl: string; rawUrl: string };
      return { child, ...urls };
    }
  }
  throw new Error('bench server exited before it was ready');
}

/** Points where reports really are (ticket locations, a few metres off) and the active categories. */
async function samples(
  ctx: BenchContext,
): Promise<{ points: [number, number][]; categories: number[] }> {
  const { rows } = await ctx.pool.query<{ lon: number; lat: number }>(
    `select st_x(p) as lon, st_y(p) as lat from (
       select st_translate(location::geometry, (random() - 0.5) * 0.0004, (random() - 0.5) * 0.0004) as p, municipality_id
       from ticket tablesample system (1) where municipality_id = $1) s
     join municipality m on m.id = s.municipality_id where st_contains(m.boundary, s.p) limit 2000`,
    [ctx.municipalityId],
  );
  const cats = await ctx.pool.query<{ id: number }>(
    // a report of a category with a required question would need its answer: the bench files the others
    `select id from category c where municipality_id = $1 and active
       and not exists (select 1 from category_question q
                       where q.municipality_id = c.municipality_id and q.category_id = c.id
                         and q.required and q.active)
     order by id`,
    [ctx.municipalityId],
  );
  return { points: rows.map((r) => [r.lon, r.lat]), categories: cats.rows.map((c) => c.id) };
}

/** One table row summing up the runs of one server: every figure as "median / p95" over the runs. */
function summary(
  label: string,
  order: string,
  runs: LoadResult[],
): Record<string, string | number> {
  const of = (f: (r: LoadResult) => number, higherIsBetter = false) =>
    cell(spreadOf(runs.map(f), higherIsBetter));
  return {
    server: label,
    order,
    runs: runs.length,
    'ok req/s, median / p95': of((r) => r.rps, true),
    'p50 ms, median / p95': of((r) => r.latencyMs.p50),
    'p90 ms, median / p95': of((r) => r.latencyMs.p90),
    'p99 ms, median / p95': of((r) => r.latencyMs.p99),
    'max ms, median / p95': of((r) => r.latencyMs.max),
    errors: runs.reduce((n, r) => n + r.errors, 0),
  };
}

const SPREAD_NOTE =
  'Each cell is "median / p95" over the runs; the p95 is taken at the slow end (the 5th percentile of a throughput, the 95th of a latency).';

async function nearby(
  ctx: BenchContext,
  urls: { graphqlUrl: string; rawUrl: string },
  s: Awaited<ReturnType<typeof samples>>,
): Promise<BenchSection> {
  const pick = (i: number) => ({
    point: s.points[(i * 7919) % s.points.length],
    category: s.categories[i % s.categories.length],
  });
  const common = { connections: CONNECTIONS, durationMs: NEARBY_SECONDS * 1000, warmupMs: 3000 };
  const servers = {
    raw: {
      label: 'raw node:http + pg',
      run: () =>
        runLoad({
          ...common,
          url: urls.rawUrl,
          next: (i) => {
            const p = pick(i);
            return {
              path: '/nearby',
              body: JSON.stringify({ lon: p.point[0], lat: p.point[1], categoryId: p.category }),
            };
          },
          accept: (status) => status === 200,
        }),
    },
    gql: {
      label: 'GraphQL (Fastify + Apollo)',
      run: () =>
        runLoad({
          ...common,
          url: urls.graphqlUrl,
          next: (i) => {
            const p = pick(i);
            return {
              path: '/graphql',
              body: JSON.stringify({
                query: NEARBY_QUERY,
                variables: {
                  location: { lon: p.point[0], lat: p.point[1] },
                  categoryId: String(p.category),
                },
              }),
            };
          },
          accept: (status, body) => status === 200 && !body.includes('"errors"'),
        }),
    },
  };
  type Key = keyof typeof servers;
  // results[server][0]: runs where it went first; [1]: where it went second.
  const results: Record<Key, [LoadResult[], LoadResult[]]> = { raw: [[], []], gql: [[], []] };
  for (let run = 0; run < RUNS; run++) {
    const order = pairOrder<Key>(run, 'raw', 'gql');
    for (const [position, key] of order.entries()) {
      ctx.log(
        `citizen: nearbyTickets ${servers[key].label}, run ${run + 1}/${RUNS} (${position === 0 ? 'first' : 'second'}), ${CONNECTIONS} connections, ${NEARBY_SECONDS} s…`,
      );
      results[key][position].push(await servers[key].run());
    }
  }
  const all = (k: Key) => [...results[k][0], ...results[k][1]];
  const medianRps = (runs: LoadResult[]) => spreadOf(runs.map((r) => r.rps)).median;
  const ratio = (g: LoadResult[], r: LoadResult[]) =>
    r.length && g.length ? medianRps(g) / Math.max(medianRps(r), 0.001) : Number.NaN;
  const overall = ratio(all('gql'), all('raw'));
  // Same order means the pair ran in the same rounds: raw first with GraphQL second, and the reverse.
  const rawFirst = ratio(results.gql[1], results.raw[0]);
  const gqlFirst = ratio(results.gql[0], results.raw[1]);
  const gqlP99 = spreadOf(all('gql').map((r) => r.latencyMs.p99));
  return {
    title: 'nearbyTickets: GraphQL vs raw node:http + pg (same SQL)',
    table: [
      summary(servers.raw.label, 'raw first', results.raw[0]),
      summary(servers.gql.label, 'raw first', results.gql[1]),
      summary(servers.gql.label, 'GraphQL first', results.gql[0]),
      summary(servers.raw.label, 'GraphQL first', results.raw[1]),
      summary(servers.raw.label, 'all runs', all('raw')),
      summary(servers.gql.label, 'all runs', all('gql')),
    ],
    goals: [
      {
        goal: 'GraphQL throughput ≥ 0.8 × raw at 20 connections (median of the runs)',
        measured: `${overall.toFixed(2)} × (raw first ${rawFirst.toFixed(2)} ×, GraphQL first ${gqlFirst.toFixed(2)} ×)`,
        pass: overall >= 0.8,
      },
      {
        goal: 'GraphQL p99 < 50 ms (p95 of the runs)',
        measured: `${gqlP99.p95} ms (median of the runs ${gqlP99.median} ms)`,
        pass: gqlP99.p95 < 50,
      },
    ],
    notes: [...all('raw'), ...all('gql')]
      .flatMap((r) => r.errorSamples)
      .slice(0, 6)
      .map((e) => `Failed answer: ${e}`)
      .concat([
        `${RUNS} rounds of ${NEARBY_SECONDS} s per server after a 3 s warm-up; the order of the two alternates from round to round, and each order is shown apart.`,
        SPREAD_NOTE,
        `${s.points.length} sample points near existing reports, categories in turn; both servers in one child process with a pool of ${POOL_SIZE} connections each.`,
      ]),
  };
}

/** Reports per client address: below RATE_REPORTS_PER_HOUR_ADDRESS (10), so no citizen is refused. */
const REPORTS_PER_ADDRESS = 5;
/** Requests filed so far over every run: addresses and e-mails never repeat within the hour. */
let filed = 0;

/** The i-th citizen's address, 10.0.0.1 upwards, a new one every REPORTS_PER_ADDRESS reports. */
function clientAddress(i: number): string {
  const a = Math.floor(i / REPORTS_PER_ADDRESS) + 1;
  return `10.${(a >> 16) & 255}.${(a >> 8) & 255}.${a & 255}`;
}

interface SubmitRun {
  load: LoadResult;
  acknowledged: number;
  stored: number;
  outbox: number;
  rateLimited: number;
  counters: number;
}

async function submitOnce(
  ctx: BenchContext,
  urls: { graphqlUrl: string },
  s: Awaited<ReturnType<typeof samples>>,
  run: number,
): Promise<SubmitRun> {
  const acknowledged = new Set<string>();
  let rateLimited = 0;
  const countersBefore = await rateCounterRows(ctx);
  const from = filed;
  ctx.log(
    `citizen: sustained submitReport, run ${run + 1}/${RUNS}, ${CONNECTIONS} connections, ${SUBMIT_SECONDS} s…`,
  );
  const load = await runLoad({
    url: urls.graphqlUrl,
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
        description: 'Generata dal benchmark: una buca larga circa mezzo metro.',
        email: `bench-${RUN}-${i}@example.invalid`,
        privacyConsent: true,
        idempotencyKey: `${RUN}-${i}`,
      };
      return {
        path: '/graphql',
        body: JSON.stringify({ query: SUBMIT_MUTATION, variables: { input } }),
        headers: { 'x-forwarded-for': clientAddress(i) },
      };
    },
    accept: (status, body) => {
      if (body.includes('RATE_LIMITED')) rateLimited += 1;
      const code =
        status === 200 ? /"code":"([A-Z]{3}-[0-9A-Z]{4}-[0-9A-Z]{4})"/.exec(body)?.[1] : undefined;
      if (code) acknowledged.add(code);
      return code !== undefined;
    },
  });
  // Ids by code (unique index), then their outbox rows: no pattern match over a million tickets.
  const found = await ctx.pool.query<{ id: number }>(
    'select id from ticket where municipality_id = $1 and code = any($2)',
    [ctx.municipalityId, [...acknowledged]],
  );
  const ids = found.rows.map((r) => r.id);
  const outbox = await ctx.pool.query<{ n: number }>(
    'select count(*)::int as n from notification_outbox where municipality_id = $1 and ticket_id = any($2::bigint[])',
    [ctx.municipalityId, ids],
  );
  const counters = (await rateCounterRows(ctx)) - countersBefore;
  ctx.log(
    `citizen: run ${run + 1}: ${load.rps} reports/s, ${filed - from} sent from ${Math.ceil((filed - from) / REPORTS_PER_ADDRESS)} addresses; removed ${await removeBenchReports(ctx, ids)} bench reports`,
  );
  return {
    load,
    acknowledged: acknowledged.size,
    stored: ids.length,
    outbox: outbox.rows[0].n,
    rateLimited,
    counters,
  };
}

async function rateCounterRows(ctx: BenchContext): Promise<number> {
  const { rows } = await ctx.pool.query<{ n: number }>(
    'select count(*)::int as n from rate_limit_counter where municipality_id = $1',
    [ctx.municipalityId],
  );
  return rows[0].n;
}

async function submits(
  ctx: BenchContext,
  urls: { graphqlUrl: string },
  s: Awaited<ReturnType<typeof samples>>,
): Promise<BenchSection> {
  const runs: SubmitRun[] = [];
  for (let run = 0; run < RUNS; run++) runs.push(await submitOnce(ctx, urls, s, run));
  const loads = runs.map((r) => r.load);
  const sum = (f: (r: SubmitRun) => number) => runs.reduce((n, r) => n + f(r), 0);
  const rps = spreadOf(
    loads.map((l) => l.rps),
    true,
  );
  const acknowledged = sum((r) => r.acknowledged);
  const stored = sum((r) => r.stored);
  return {
    title: `submitReport sustained for ${SUBMIT_SECONDS} s, rate limits on`,
    table: [
      {
        ...summary('submitReport (GraphQL)', 'alone', loads),
        acknowledged,
        'found in db': stored,
        'outbox rows': sum((r) => r.outbox),
        'rate-limit counter rows written': sum((r) => r.counters),
        'refused RATE_LIMITED': sum((r) => r.rateLimited),
      },
    ],
    goals: [
      {
        goal: `≥ 300 reports/s for ${SUBMIT_SECONDS} s (p95 of the runs, slow end)`,
        measured: `${rps.p95} /s (median of the runs ${rps.median} /s) over ${SUBMIT_SECONDS} s`,
        pass: rps.p95 >= 300 && SUBMIT_SECONDS >= 60,
      },
      {
        goal: 'every acknowledged report is in the database',
        measured: `${stored} of ${acknowledged}`,
        pass: stored === acknowledged,
      },
      {
        goal: 'no citizen refused: each address and e-mail stays under its hourly limit',
        measured: `${sum((r) => r.rateLimited)} RATE_LIMITED`,
        pass: sum((r) => r.rateLimited) === 0,
      },
    ],
    notes: [
      ...loads
        .flatMap((l) => l.errorSamples)
        .slice(0, 6)
        .map((e) => `Failed answer: ${e}`),
      SPREAD_NOTE,
      `Rate limits as configured (default 10 reports per hour per address and per e-mail): each citizen files ${REPORTS_PER_ADDRESS} reports from their own address, sent as X-Forwarded-For through the proxy the server trusts (TRUST_PROXY=127.0.0.1), each with a new e-mail address.`,
      'Each report: placement query (category, boundary, street KNN), then one transaction that writes the address and e-mail rate-limit counters, the ticket, reporter, event and 2 outbox mails; then the public ticket is read back for the payload. The mail sender is not running during the bench. The bench reports and counters are removed after each run.',
    ],
  };
}

/**
 * Removes a bench run's reports (the acknowledged ids, and any whose idempotency key starts with `runKey`)
 * with everything they wrote, and the comune's rate-limit counters. Also used by the comuni suite.
 */
/** Reports deleted a transaction at a time by removeBenchReports. */
const REMOVE_BATCH = 500;

export async function removeBenchReports(
  ctx: Pick<BenchContext, 'pool' | 'municipalityId'>,
  acknowledged: number[],
  runKey = RUN,
): Promise<number> {
  // Reports acknowledged after the window closed carry this run's key prefix too (one scan of ticket).
  const late = await ctx.pool.query<{ id: number }>(
    'select id from ticket where municipality_id = $1 and idempotency_key like $2',
    [ctx.municipalityId, `${runKey}-%`],
  );
  const ids = [...new Set([...acknowledged, ...late.rows.map((r) => r.id)])];
  // In batches, each its own transaction: deleting a ticket takes the nearby counts' advisory lock of its
  // place until commit (sql/057), and thousands of them in one statement exhaust the lock table
  // ("out of shared memory" after a 60 s Open311 run).
  let removed = 0;
  for (let i = 0; i < ids.length; i += REMOVE_BATCH) {
    const p = [ctx.municipalityId, ids.slice(i, i + REMOVE_BATCH)];
    for (const table of [
      'notification_outbox',
      'ticket_event',
      'reporter',
      'ticket_supporter',
      'attachment',
    ]) {
      await ctx.pool.query(
        `delete from ${table} where municipality_id = $1 and ticket_id = any($2::bigint[])`,
        p,
      );
    }
    const res = await ctx.pool.query(
      'delete from ticket where municipality_id = $1 and id = any($2::bigint[])',
      p,
    );
    removed += res.rowCount ?? 0;
  }
  // The bench database holds only bench traffic: its counters go too, so the next run starts clean.
  await ctx.pool.query('delete from rate_limit_counter where municipality_id = $1', [
    ctx.municipalityId,
  ]);
  // Leave the table as autovacuum would a minute later (sql/033 sets it to run after 1 % of the rows change):
  // otherwise the next suite's index-only scans fetch the heap for every page these 20,000 rows touched.
  await ctx.pool.query('vacuum (analyze) ticket');
  await compactRollups(ctx.pool);
  return removed;
}

const suite: BenchSuite = {
  name: 'citizen',
  async run(ctx) {
    const s = await samples(ctx);
    const servers = await startServers(ctx.databaseUrl);
    try {
      const sections = [await nearby(ctx, servers, s), await submits(ctx, servers, s)];
      return sections;
    } finally {
      servers.child.kill('SIGTERM');
      ctx.log(`citizen: removed ${await removeBenchReports(ctx, [])} late bench reports`);
    }
  },
};
export default suite;
