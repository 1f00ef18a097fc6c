// Open311 suite (issue 17) on the shared 1M-ticket database: GET requests.json and .xml of 1,000 requests
// (the default window's full page), timed one request at a time after a warm-up; and POST requests.json
// sustained (BENCH_OPEN311_POST_SECONDS, default 60 s a run) with an API token holding tickets:write, the
// rate limits on and many clients behind a trusted proxy, every acknowledged service_request_id looked up
// afterwards. The server is the citizen bench's child process (the real app); the bench's own reports,
// staff member and token are removed afterwards.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { randomToken, sha256, API_TOKEN_PREFIX } from '../../server/services/auth-token.js';
import type { BenchContext, BenchSection, BenchSuite } from './bench-suite.js';
import { removeBenchReports } from './citizen.bench.js';
import { runLoad, type LoadResult } from './load.js';
import { cell, percentile, RUNS, spreadOf } from './stats.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const CONNECTIONS = 20;
const POST_SECONDS = Number(process.env.BENCH_OPEN311_POST_SECONDS ?? 60);
const GETS_PER_RUN = Number(process.env.BENCH_OPEN311_GETS ?? 20);
const POOL_SIZE = Number(process.env.BENCH_POOL_SIZE ?? 10);
const RUN = `o311-${Date.now().toString(36)}`;
/** Reports per client address, under RATE_REPORTS_PER_HOUR_ADDRESS (10): no client is refused. */
const REPORTS_PER_ADDRESS = 5;
const SPREAD_NOTE =
  'Each cell is "median / p95" over the runs; the p95 is taken at the slow end (the 95th percentile of a time, the 5th of a throughput).';

async function startServer(databaseUrl: string): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(
    process.execPath,
    [
      // BENCH_SERVER_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof": where the server's time goes.
      ...(process.env.BENCH_SERVER_NODE_ARGS?.split(' ').filter(Boolean) ?? []),
      '--import',
      'tsx',
      path.join(HERE, 'citizen-server.ts'),
      databaseUrl,
      String(POOL_SIZE),
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  for await (const line of createInterface({ input: child.stdout! }))
    if (line.startsWith('READY '))
      return { child, url: (JSON.parse(line.slice(6)) as { graphqlUrl: string }).graphqlUrl };
  throw new Error('bench server exited before it was ready');
}

/** A bench admin with an API token holding tickets:write; removed by `drop`. */
async function benchToken(ctx: BenchContext): Promise<{ token: string; drop(): Promise<void> }> {
  const token = randomToken(API_TOKEN_PREFIX);
  const staff = await ctx.pool.query<{ id: number }>(
    `insert into staff_user (municipality_id, email, role, password_hash)
     values ($1, $2, 'admin', 'bench: no password') returning id`,
    [ctx.municipalityId, `${RUN}@bench.invalid`],
  );
  const staffId = staff.rows[0].id;
  await ctx.pool.query(
    `insert into api_token (municipality_id, staff_id, name, token_hash, scopes) values ($1, $2, $3, $4, '{tickets:write}')`,
    [ctx.municipalityId, staffId, RUN, sha256(token)],
  );
  return {
    token,
    async drop() {
      await ctx.pool.query(
        'delete from audit_log where municipality_id = $1 and actor_staff_id = $2',
        [ctx.municipalityId, staffId],
      );
      await ctx.pool.query('delete from api_token where municipality_id = $1 and staff_id = $2', [
        ctx.municipalityId,
        staffId,
      ]);
      await ctx.pool.query('delete from staff_user where municipality_id = $1 and id = $2', [
        ctx.municipalityId,
        staffId,
      ]);
    },
  };
}

async function timedGet(url: string): Promise<{ ms: number; items: number; status: number }> {
  const started = performance.now();
  const r = await fetch(url, { headers: { 'accept-encoding': 'identity' } });
  const text = await r.text();
  const ms = performance.now() - started;
  const items = url.includes('.json')
    ? (JSON.parse(text) as unknown[]).length
    : (text.match(/<request>/g) ?? []).length;
  return { ms, items, status: r.status };
}

async function gets(ctx: BenchContext, base: string): Promise<BenchSection> {
  const table: Record<string, string | number>[] = [];
  const goals = [];
  for (const format of ['json', 'xml'] as const) {
    const url = `${base}/open311/v2/requests.${format}`;
    for (let i = 0; i < 3; i++) await timedGet(url); // warm-up
    const medians: number[] = [];
    const p95s: number[] = [];
    let items = 0;
    let failures = 0;
    for (let run = 0; run < RUNS; run++) {
      ctx.log(`open311: GET requests.${format}, run ${run + 1}/${RUNS}, ${GETS_PER_RUN} requests…`);
      const times: number[] = [];
      for (let i = 0; i < GETS_PER_RUN; i++) {
        const r = await timedGet(url);
        if (r.status !== 200) failures += 1;
        items = r.items;
        times.push(r.ms);
      }
      medians.push(percentile(times, 50));
      p95s.push(percentile(times, 95));
    }
    const median = spreadOf(medians);
    table.push({
      request: `GET requests.${format}`,
      runs: RUNS,
      'requests a run': GETS_PER_RUN,
      'service requests in the answer': items,
      'p50 ms, median / p95 of runs': cell(median),
      'p95 ms, median / p95 of runs': cell(spreadOf(p95s)),
      failures,
    });
    goals.push({
      goal: `GET requests.${format} of 1,000 requests < 200 ms (p50 of a run; p95 of the runs)`,
      measured: `${median.p95} ms (median of the runs ${median.median} ms), ${items} requests`,
      pass: median.p95 < 200 && items === 1000 && failures === 0,
    });
  }
  return {
    title: 'Open311 GET requests: 1,000 requests (the default window, the newest first)',
    table,
    goals,
    notes: [
      SPREAD_NOTE,
      `One request at a time from the bench process, no compression (accept-encoding: identity); ${GETS_PER_RUN} timed requests per run after 3 warm-up ones. Each answer holds the spec's fields, the last public note and the first public photo of every request.`,
    ],
  };
}

let filed = 0;
function clientAddress(i: number): string {
  const a = Math.floor(i / REPORTS_PER_ADDRESS) + 1;
  return `10.${(a >> 16) & 255}.${(a >> 8) & 255}.${a & 255}`;
}

async function postOnce(
  ctx: BenchContext,
  base: string,
  token: string,
  points: [number, number][],
  codes: string[],
  run: number,
): Promise<{ load: LoadResult; acknowledged: number; found: number }> {
  const acknowledged = new Set<string>();
  ctx.log(
    `open311: POST requests.json, run ${run + 1}/${RUNS}, ${CONNECTIONS} connections, ${POST_SECONDS} s…`,
  );
  const load = await runLoad({
    url: base,
    connections: CONNECTIONS,
    durationMs: POST_SECONDS * 1000,
    warmupMs: 0,
    next: () => {
      const i = filed++;
      const [lon, lat] = points[(i * 104729) % points.length];
      return {
        path: '/open311/v2/requests.json',
        body: JSON.stringify({
          api_key: token,
          service_code: codes[i % codes.length],
          lat,
          long: lon,
          email: `${RUN}-${i}@example.invalid`,
          description: `Segnalazione Open311 di prova ${i}: generata dal benchmark.`,
          idempotency_key: `${RUN}-${i}`,
        }),
        headers: { 'x-forwarded-for': clientAddress(i) },
      };
    },
    accept: (status, body) => {
      const code =
        status === 200 ? /"service_request_id":"([A-Z0-9-]+)"/.exec(body)?.[1] : undefined;
      if (code) acknowledged.add(code);
      return code !== undefined;
    },
  });
  const found = await ctx.pool.query<{ id: number }>(
    'select id from ticket where municipality_id = $1 and code = any($2)',
    [ctx.municipalityId, [...acknowledged]],
  );
  await removeAnswersOf(
    ctx,
    found.rows.map((r) => r.id),
  );
  const removed = await removeBenchReports(
    ctx,
    found.rows.map((r) => r.id),
    RUN,
  );
  ctx.log(`open311: run ${run + 1}: ${load.rps} requests/s; removed ${removed} bench reports`);
  return { load, acknowledged: acknowledged.size, found: found.rows.length };
}

/** ticket_answer rows point at tickets: gone before removeBenchReports deletes the tickets. */
async function removeAnswersOf(ctx: BenchContext, ids: number[]): Promise<void> {
  await ctx.pool.query(
    'delete from ticket_answer where municipality_id = $1 and ticket_id = any($2::bigint[])',
    [ctx.municipalityId, ids],
  );
}

async function posts(ctx: BenchContext, base: string, token: string): Promise<BenchSection> {
  const { rows } = await ctx.pool.query<{ lon: number; lat: number }>(
    `select st_x(p) as lon, st_y(p) as lat from (
       select st_translate(location::geometry, (random() - 0.5) * 0.0004, (random() - 0.5) * 0.0004) as p, municipality_id
       from ticket tablesample system (1) where municipality_id = $1) s
     join municipality m on m.id = s.municipality_id where st_contains(m.boundary, s.p) limit 2000`,
    [ctx.municipalityId],
  );
  // Categories without a required question (a required one would need its attribute).
  const cats = await ctx.pool.query<{ code: string }>(
    `select c.code from category c where c.municipality_id = $1 and c.active and not exists (
       select 1 from category_question q where q.municipality_id = c.municipality_id and q.category_id = c.id and q.required and q.active)
     order by c.id`,
    [ctx.municipalityId],
  );
  const points = rows.map((r) => [r.lon, r.lat] as [number, number]);
  const codes = cats.rows.map((c) => c.code);
  const runs: Awaited<ReturnType<typeof postOnce>>[] = [];
  for (let run = 0; run < RUNS; run++)
    runs.push(await postOnce(ctx, base, token, points, codes, run));
  const rps = spreadOf(
    runs.map((r) => r.load.rps),
    true,
  );
  const acknowledged = runs.reduce((n, r) => n + r.acknowledged, 0);
  const found = runs.reduce((n, r) => n + r.found, 0);
  const of = (f: (r: LoadResult) => number) => cell(spreadOf(runs.map((r) => f(r.load))));
  return {
    title: `Open311 POST requests.json sustained for ${POST_SECONDS} s, rate limits on`,
    table: [
      {
        request: 'POST requests.json',
        runs: RUNS,
        'ok req/s, median / p95': cell(rps),
        'p50 ms, median / p95': of((r) => r.latencyMs.p50),
        'p99 ms, median / p95': of((r) => r.latencyMs.p99),
        errors: runs.reduce((n, r) => n + r.load.errors, 0),
        acknowledged,
        'found in db': found,
      },
    ],
    goals: [
      {
        goal: `≥ 200 requests/s for ${POST_SECONDS} s (p95 of the runs, slow end)`,
        measured: `${rps.p95} /s (median of the runs ${rps.median} /s)`,
        pass: rps.p95 >= 200 && POST_SECONDS >= 60,
      },
      {
        goal: 'every acknowledged service_request_id is in the database',
        measured: `${found} of ${acknowledged}`,
        pass: found === acknowledged,
      },
    ],
    notes: [
      ...runs
        .flatMap((r) => r.load.errorSamples)
        .slice(0, 6)
        .map((e) => `Failed answer: ${e}`),
      SPREAD_NOTE,
      `JSON bodies with api_key (an admin's token with tickets:write), service_code, lat/long, e-mail and description; ${REPORTS_PER_ADDRESS} reports per client address (X-Forwarded-For through the trusted proxy), a new e-mail each. Each request goes through ReportService.submitApi (the form's path) and then reads the open reports of the same kind nearby for the service_notice.`,
    ],
  };
}

const suite: BenchSuite = {
  name: 'open311',
  async run(ctx) {
    const server = await startServer(ctx.databaseUrl);
    const { token, drop } = await benchToken(ctx);
    try {
      return [await gets(ctx, server.url), await posts(ctx, server.url, token)];
    } finally {
      server.child.kill('SIGTERM');
      const late = await ctx.pool.query<{ id: number }>(
        'select id from ticket where municipality_id = $1 and idempotency_key like $2',
        [ctx.municipalityId, `${RUN}-%`],
      );
      await removeAnswersOf(
        ctx,
        late.rows.map((r) => r.id),
      );
      await removeBenchReports(ctx, [], RUN);
      await drop();
    }
  },
};
export default suite;
