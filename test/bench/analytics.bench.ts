// Analytics suite: every planner query through GraphQL over HTTP (the real app in a child process, a
// planner API token) beside the same SQL run straight through pg in this process, so the GraphQL
// overhead shows as a ratio; ticketPoints bytes per encoding; the 1M-row CSV export (rows/s, server
// peak memory) beside COPY … TO STDOUT of the same rows.
import { spawn, type ChildProcess } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../../server/config.js';
import {
  findDuplicateClusters,
  heatmapCells,
  packedTicketPoints,
  type AnalyticsScope,
} from '../../server/db/analytics.queries.js';
import {
  analyticsDb,
  ANALYTICS_SETTINGS,
  HASH_AGGREGATE_SETTINGS,
} from '../../server/db/analytics-session.js';
import { listCandidateTickets } from '../../server/db/intervention-candidate.queries.js';
import { kpiRows } from '../../server/db/kpi.queries.js';
import { findMunicipalityByIstat } from '../../server/db/municipality.queries.js';
import { rankStreets, streetCounts, streetShapes } from '../../server/db/street-stats.queries.js';
import { POINT_STATUS_ORDER } from '../../server/domain/ticket-points.js';
import { CLUSTER_LIMITS } from '../../server/services/analytics.service.js';
import { MAX_CANDIDATE_TICKETS } from '../../server/services/intervention-plan.service.js';
import { createServices } from '../../server/services/services.js';
import { DEFAULT_RECURRENCE } from '../../server/services/street-stats.service.js';
import { exportCsvBench } from './analytics-export.bench-part.js';
import { backendCpuMs, graphql, time, timePair } from './analytics-measure.js';
import { cell, RUNS } from './stats.js';
import type { Queryable } from '../../server/db/pool.js';
import type { BenchContext, BenchGoal, BenchSection, BenchSuite } from './bench-suite.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));

async function startServer(
  databaseUrl: string,
): Promise<{ child: ChildProcess; url: string; pid: number }> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', path.join(HERE, 'analytics-server.ts'), databaseUrl],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  for await (const line of createInterface({ input: child.stdout! })) {
    if (line.startsWith('READY '))
      return { child, ...(JSON.parse(line.slice(6)) as { url: string; pid: number }) };
  }
  throw new Error('analytics bench server exited before it was ready');
}

async function plannerToken(ctx: BenchContext): Promise<string> {
  const config = loadConfig({ ...process.env, DATABASE_URL: ctx.databaseUrl });
  const municipality = await findMunicipalityByIstat(ctx.pool, config.municipalityIstat);
  const services = createServices({ pool: ctx.pool, config, municipality: municipality! });
  const staffId = await services.auth.upsertStaffUser({
    email: 'bench.planner@seravezza.demo',
    role: 'planner',
    password: `bench-${Date.now()}-x`,
    officeCodes: [],
  });
  const viewer = {
    staffId,
    email: 'bench.planner@seravezza.demo',
    role: 'planner' as const,
    officeIds: [],
    scopes: null,
  };
  return (
    await services.apiTokens.create(viewer, 'analytics bench', ['analytics:read'], '127.0.0.1')
  ).token;
}

/** The newest 100,000 tickets (all of them in a smaller bench database) go to ticketPoints. */
function pointCount(ctx: BenchContext): number {
  return Math.min(100_000, ctx.tickets);
}

interface Case {
  name: string;
  query: string;
  variables?: Record<string, unknown>;
  baseline: (db: Queryable) => Promise<unknown>;
  /** The same figures computed from every ticket, when the service answers from the rollups (sql/033). */
  fromTickets?: (db: Queryable) => Promise<unknown>;
  /** Session settings of the service for this query. */
  settings: string;
  targetMs?: number;
  result: (data: Record<string, unknown>) => string;
}

function romeMidnight(year: number, month: number): string {
  // Italy is UTC+1 in winter, UTC+2 in summer (last Sunday of March to last Sunday of October); the 1st of a
  // month is never a changeover day, so the offset of noon that day is the offset of midnight.
  const noon = new Date(Date.UTC(year, month, 1, 12));
  const offset =
    Number(
      new Intl.DateTimeFormat('en-GB', {
        timeZone: 'Europe/Rome',
        hour: '2-digit',
        hourCycle: 'h23',
      }).format(noon),
    ) - 12;
  return new Date(Date.UTC(year, month, 1, -offset)).toISOString();
}

function lastWholeMonth(before: Date): {
  label: string;
  filter: { createdFrom: string; createdTo: string };
} {
  const y = before.getUTCFullYear();
  const m = before.getUTCMonth() - 1;
  const from = romeMidnight(y, m);
  return {
    label: new Date(Date.UTC(y, m, 15)).toISOString().slice(0, 7),
    filter: { createdFrom: from, createdTo: romeMidnight(y, m + 1) },
  };
}

function cases(ctx: BenchContext, scope: AnalyticsScope, pointsFrom: string): Case[] {
  const all = `all ${ctx.tickets.toLocaleString('en')} tickets`;
  const points = { ...scope, filter: { createdFrom: new Date(pointsFrom) } };
  // The last whole month before pointsFrom's month, in Italian time (what the dashboard's month slider sends).
  const month = lastWholeMonth(new Date(pointsFrom));
  const monthFilter = {
    createdFrom: new Date(month.filter.createdFrom),
    createdTo: new Date(month.filter.createdTo),
  };
  // The baseline runs the same SQL with the same session settings the service uses, minus GraphQL and HTTP.
  const plain = ANALYTICS_SETTINGS;
  // The two statements candidates are made of (the planner's part is JavaScript on their rows).
  const candidateSql = async (db: Queryable) => {
    await listCandidateTickets(db, scope, DEFAULT_RECURRENCE, MAX_CANDIDATE_TICKETS);
    await findDuplicateClusters(
      db,
      scope,
      CLUSTER_LIMITS.epsM.default,
      CLUSTER_LIMITS.minPoints.default,
      CLUSTER_LIMITS.limit.max,
    );
  };
  const hashing = `${ANALYTICS_SETTINGS}; ${HASH_AGGREGATE_SETTINGS}`;
  return [
    {
      name: 'duplicateClusters, all open tickets, eps 30 m',
      targetMs: 1000,
      query:
        '{ duplicateClusters(epsM: 30, minPoints: 2, limit: 500) { id count supportersTotal suggestedOriginal tickets { code } } }',
      settings: plain,
      baseline: (db) => findDuplicateClusters(db, scope, 30, 2, 500),
      result: (d) => `${(d.duplicateClusters as unknown[]).length} clusters`,
    },
    {
      name: 'streetStats OPEN_DESC first 50 (street, total, open, overdue)',
      targetMs: 100,
      query:
        '{ streetStats(orderBy: OPEN_DESC, first: 50) { totalCount edges { node { street { id name } total open overdue ticketsPerKm } } } }',
      settings: plain,
      baseline: async (db) => {
        const ranked = await rankStreets(db, scope, 'open', { radiusM: 50, days: 90 }, 0, 51);
        const ids = ranked.slice(0, 50).map((r) => r.street_id);
        return Promise.all([
          streetCounts(db, scope, ids),
          streetShapes(db, scope.municipalityId, ids, false),
        ]);
      },
      result: (d) => `${(d.streetStats as { edges: unknown[] }).edges.length} streets`,
    },
    {
      name: `kpis groupBy CATEGORY (${all})`,
      targetMs: 200,
      query:
        '{ kpis(groupBy: CATEGORY) { key received resolved openBacklog medianAckHours p90AckHours medianResolveHours p90ResolveHours resolvedWithinSlaShare reopenRate openAgeP50Days openAgeP90Days } }',
      settings: plain,
      baseline: (db) => kpiRows(db, scope, 'category'),
      fromTickets: (db) => kpiRows(db, scope, 'category', 'tickets'),
      result: (d) => `${(d.kpis as unknown[]).length} rows`,
    },
    {
      name: `heatmap cellM 100 (${all})`,
      targetMs: 300,
      query: '{ heatmap(cellM: 100) { id count openCount weight geometry } }',
      settings: hashing,
      baseline: (db) => heatmapCells(db, scope, 100),
      fromTickets: (db) => heatmapCells(db, scope, 100, 'tickets'),
      result: (d) => `${(d.heatmap as unknown[]).length} cells`,
    },
    {
      name: 'interventionCandidates first 20 (every open ticket not in an intervention)',
      targetMs: 300,
      query:
        '{ interventionCandidates(first: 20) { kind score estimatedCost ticketCount street { name } } }',
      settings: plain,
      baseline: candidateSql,
      result: (d) => `${(d.interventionCandidates as unknown[]).length} candidates`,
    },
    {
      name: 'planInterventions budget 1,000,000 €',
      targetMs: 500,
      query:
        '{ planInterventions(budget: 1000000) { totalCost ticketCount candidates { score estimatedCost } } }',
      settings: plain,
      baseline: candidateSql,
      result: (d) => {
        const plan = d.planInterventions as { candidates: unknown[]; totalCost: number };
        return `${plan.candidates.length} chosen, ${Math.round(plan.totalCost)} €`;
      },
    },
    {
      // What the planning page asks with its month slider: a time window is computed from the tickets.
      name: `kpis groupBy CATEGORY, one month (${month.label}, from the tickets)`,
      query:
        'query ($f: TicketFilterInput) { kpis(groupBy: CATEGORY, filter: $f) { key received resolved openBacklog medianResolveHours p90ResolveHours openAgeP90Days } }',
      variables: { f: month.filter },
      settings: plain,
      baseline: (db) => kpiRows(db, { ...scope, filter: monthFilter }, 'category'),
      result: (d) => `${(d.kpis as unknown[]).length} rows`,
    },
    {
      name: `heatmap cellM 100, one month (${month.label}, from the tickets)`,
      query:
        'query ($f: TicketFilterInput) { heatmap(cellM: 100, filter: $f) { id count openCount weight geometry } }',
      variables: { f: month.filter },
      settings: hashing,
      baseline: (db) => heatmapCells(db, { ...scope, filter: monthFilter }, 100),
      result: (d) => `${(d.heatmap as unknown[]).length} cells`,
    },
    {
      name: `ticketPoints, tickets since ${pointsFrom.slice(0, 10)}`,
      query:
        'query ($f: TicketFilterInput) { ticketPoints(filter: $f) { count positions categories statuses ageDays legend { index code } } }',
      variables: { f: { createdFrom: pointsFrom } },
      settings: plain,
      baseline: (db) =>
        packedTicketPoints(db, points, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10], POINT_STATUS_ORDER),
      result: (d) => `${(d.ticketPoints as { count: number }).count} points`,
    },
  ];
}

async function queries(ctx: BenchContext, url: string, token: string): Promise<BenchSection> {
  const scope: AnalyticsScope = {
    municipalityId: ctx.municipalityId,
    localSrid: 32632,
    filter: {},
    now: new Date(),
  };
  const { rows } = await ctx.pool.query<{ at: Date }>(
    'select created_at as at from ticket where municipality_id = $1 order by created_at desc offset $2 limit 1',
    [ctx.municipalityId, pointCount(ctx) - 1],
  );
  const table: Record<string, string | number>[] = [];
  const goals: BenchGoal[] = [];
  for (const c of cases(ctx, scope, rows[0].at.toISOString())) {
    ctx.log(`analytics: ${c.name}…`);
    let result = '';
    const extra =
      c.settings === ANALYTICS_SETTINGS ? '' : c.settings.slice(ANALYTICS_SETTINGS.length + 2);
    const db = analyticsDb(ctx.pool, extra);
    const { a: g, b } = await timePair(
      RUNS,
      async () => {
        const r = await graphql(url, token, c.query, c.variables);
        result = c.result(
          (JSON.parse(r.body.toString()) as { data: Record<string, unknown> }).data,
        );
      },
      () => c.baseline(db),
    );
    const cpu = await backendCpuMs(ctx.pool, c.settings, c.baseline);
    const direct = c.fromTickets ? await time(RUNS, () => c.fromTickets!(db)) : null;
    table.push({
      query: c.name,
      result,
      'GraphQL ms, median / p95': cell(g),
      'SQL baseline ms, median / p95': cell(b),
      'ratio of medians': (g.median / Math.max(1, b.median)).toFixed(2),
      'GraphQL median ms, run first / second': `${g.first.median} / ${g.second.median}`,
      'SQL median ms, run first / second': `${b.first.median} / ${b.second.median}`,
      'SQL CPU ms, 1 core': cpu,
      'from every ticket ms, median / p95': direct ? cell(direct) : '—',
      'target ms': c.targetMs ?? '—',
    });
    if (c.targetMs)
      goals.push({
        goal: `${c.name} < ${c.targetMs} ms (p95 of the runs)`,
        measured: `${g.p95} ms, median ${g.median} ms (SQL alone ${b.median} ms)`,
        pass: g.p95 < c.targetMs,
      });
  }
  return {
    title: 'Planner queries: GraphQL over HTTP vs the same SQL through pg',
    table,
    goals,
    notes: [
      `${RUNS} runs after one warm-up each, one request at a time; "ms" cells are "median / p95" of the runs. GraphQL and its SQL baseline run in alternating order (GraphQL first in odd runs, SQL first in even ones); the "first / second" columns give the median of each order. Load average at start: ${os
        .loadavg()
        .map((l) => l.toFixed(1))
        .join(
          ' / ',
        )} on ${os.cpus().length} cores (other work on the machine inflates every wall-clock figure).`,
      '"from every ticket": the same figures computed from the tickets instead of the rollups of sql/033 (what a filter with a time window, streets, an area or text costs at this scale).',
      '"SQL CPU ms, 1 core": CPU time of the PostgreSQL backend for the baseline SQL with parallel workers off (/proc/<pid>/stat, 10 ms ticks): what the query costs an idle core, whatever the load.',
    ],
  };
}

async function points(ctx: BenchContext, url: string, token: string): Promise<BenchSection> {
  const { rows } = await ctx.pool.query<{ at: Date }>(
    'select created_at as at from ticket where municipality_id = $1 order by created_at desc offset $2 limit 1',
    [ctx.municipalityId, pointCount(ctx) - 1],
  );
  const query =
    'query ($f: TicketFilterInput) { ticketPoints(filter: $f) { count positions categories statuses ageDays legend { index code } } }';
  const table: Record<string, string | number>[] = [];
  let brBytes = 0;
  for (const encoding of ['identity', 'gzip', 'br']) {
    let bytes = 0;
    const t = await time(RUNS, async () => {
      bytes = (
        await graphql(url, token, query, { f: { createdFrom: rows[0].at.toISOString() } }, encoding)
      ).bytes;
    });
    if (encoding === 'br') brBytes = bytes;
    table.push({
      encoding,
      'bytes on the wire': bytes,
      MB: (bytes / 1e6).toFixed(2),
      'ms, median / p95': cell(t),
    });
  }
  return {
    title: `ticketPoints of ${pointCount(ctx).toLocaleString('en')} tickets: bytes on the wire`,
    table,
    goals: [
      {
        goal: `${pointCount(ctx).toLocaleString('en')} points < 1.5 MB with compression`,
        measured: `${(brBytes / 1e6).toFixed(2)} MB (br)`,
        pass: brBytes < 1.5e6,
      },
    ],
    notes: [],
  };
}

const suite: BenchSuite = {
  name: 'analytics',
  async run(ctx) {
    const token = await plannerToken(ctx);
    const server = await startServer(ctx.databaseUrl);
    try {
      return [
        await queries(ctx, server.url, token),
        await points(ctx, server.url, token),
        await exportCsvBench(ctx, server, token),
      ];
    } finally {
      server.child.kill('SIGTERM');
    }
  },
};

export default suite;
