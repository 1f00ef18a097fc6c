// Citizen suite: nearbyTickets through GraphQL against the raw node:http + pg baseline running the
// same SQL (20 connections), and sustained submitReport (default 60 s) with every acknowledged code
// checked in the database afterwards. The bench's own reports are removed at the end, so the shared
// database keeps its 1,000,000 tickets.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { BenchContext, BenchSection, BenchSuite } from './bench-suite.js';
import { runLoad, type LoadResult } from './load.js';
import { compactRollups } from '../../server/db/rollup.sql.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const CONNECTIONS = 20;
const NEARBY_SECONDS = Number(process.env.BENCH_NEARBY_SECONDS ?? 20);
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
    'select id from category where municipality_id = $1 and active order by id',
    [ctx.municipalityId],
  );
  return { points: rows.map((r) => [r.lon, r.lat]), categories: cats.rows.map((c) => c.id) };
}

function row(label: string, r: LoadResult): Record<string, string | number> {
  return {
    run: label,
    seconds: r.seconds,
    'ok req/s': r.rps,
    errors: r.errors,
    'p50 ms': r.latencyMs.p50,
    'p90 ms': r.latencyMs.p90,
    'p99 ms': r.latencyMs.p99,
    'max ms': r.latencyMs.max,
  };
}

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
  ctx.log(`citizen: nearbyTickets raw baseline, ${CONNECTIONS} connections, ${NEARBY_SECONDS} s…`);
  const raw = await runLoad({
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
  });
  ctx.log(
    `citizen: nearbyTickets through GraphQL, ${CONNECTIONS} connections, ${NEARBY_SECONDS} s…`,
  );
  const gql = await runLoad({
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
  });
  const ratio = gql.rps / Math.max(raw.rps, 0.001);
  return {
    title: 'nearbyTickets: GraphQL vs raw node:http + pg (same SQL)',
    table: [row('raw node:http + pg', raw), row('GraphQL (Fastify + Apollo)', gql)],
    goals: [
      {
        goal: 'GraphQL throughput ≥ 0.8 × raw at 20 connections',
        measured: `${ratio.toFixed(2)} ×`,
        pass: ratio >= 0.8,
      },
      {
        goal: 'GraphQL p99 < 50 ms',
        measured: `${gql.latencyMs.p99} ms`,
        pass: gql.latencyMs.p99 < 50,
      },
    ],
    notes: [...raw.errorSamples, ...gql.errorSamples]
      .map((e) => `Failed answer: ${e}`)
      .concat([
        `${s.points.length} sample points near existing reports, categories in turn; both servers in one child process with a pool of ${POOL_SIZE} connections each.`,
      ]),
  };
}

async function submits(
  ctx: BenchContext,
  urls: { graphqlUrl: string },
  s: Awaited<ReturnType<typeof samples>>,
): Promise<BenchSection> {
  const acknowledged = new Set<string>();
  ctx.log(`citizen: sustained submitReport, ${CONNECTIONS} connections, ${SUBMIT_SECONDS} s…`);
  const result = await runLoad({
    url: urls.graphqlUrl,
    connections: CONNECTIONS,
    durationMs: SUBMIT_SECONDS * 1000,
    warmupMs: 0,
    next: (i) => {
      const [lon, lat] = s.points[(i * 104729) % s.points.length];
      const input = {
        categoryId: String(s.categories[i % s.categories.length]),
        location: { lon, lat },
        title: `Segnalazione di prova ${i}`,
        description: 'Generata dal benchmark: una buca larga circa mezzo metro.',
        email: `bench${i}@example.invalid`,
        privacyConsent: true,
        idempotencyKey: `${RUN}-${i}`,
      };
      return {
        path: '/graphql',
        body: JSON.stringify({ query: SUBMIT_MUTATION, variables: { input } }),
      };
    },
    accept: (status, body) => {
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
  benchIds.push(...found.rows.map((r) => r.id));
  const outbox = await ctx.pool.query<{ n: number }>(
    'select count(*)::int as n from notification_outbox where municipality_id = $1 and ticket_id = any($2::bigint[])',
    [ctx.municipalityId, benchIds],
  );
  const stored = found.rows.length;
  const all = acknowledged.size === stored;
  return {
    title: `submitReport sustained for ${SUBMIT_SECONDS} s`,
    table: [
      {
        ...row('submitReport (GraphQL)', result),
        acknowledged: acknowledged.size,
        'found in db': stored,
        'outbox rows': outbox.rows[0].n,
      },
    ],
    goals: [
      {
        goal: '≥ 300 reports/s for 60 s',
        measured: `${result.rps} /s over ${result.seconds} s`,
        pass: result.rps >= 300 && result.seconds >= 60,
      },
      {
        goal: 'every acknowledged report is in the database',
        measured: `${stored} of ${acknowledged.size}`,
        pass: all,
      },
    ],
    notes: [
      ...result.errorSamples.map((e) => `Failed answer: ${e}`),
      'Each report: placement query (category, boundary, street KNN), then one transaction with rate-limit counters, ticket, reporter, event, 2 outbox mails; then the public ticket is read back for the payload. The mail sender is not running during the bench.',
    ],
  };
}

/** Ids of the tickets this run filed, for the clean-up. */
const benchIds: number[] = [];

async function removeBenchReports(ctx: BenchContext): Promise<number> {
  // Reports acknowledged after the window closed carry this run's key prefix too (one scan of ticket).
  const late = await ctx.pool.query<{ id: number }>(
    'select id from ticket where municipality_id = $1 and idempotency_key like $2',
    [ctx.municipalityId, `${RUN}-%`],
  );
  const ids = [...new Set([...benchIds, ...late.rows.map((r) => r.id)])];
  const p = [ctx.municipalityId, ids];
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
  // Leave the table as autovacuum would a minute later (sql/033 sets it to run after 1 % of the rows change):
  // otherwise the next suite's index-only scans fetch the heap for every page these 20,000 rows touched.
  await ctx.pool.query('vacuum (analyze) ticket');
  await compactRollups(ctx.pool);
  return res.rowCount ?? 0;
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
      ctx.log(`citizen: removed ${await removeBenchReports(ctx)} bench reports`);
    }
  },
};
export default suite;
