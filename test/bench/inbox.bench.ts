// Inbox suite: the operator's work list through GraphQL over HTTP (the real app in a child process, an
// operator's API token) beside the same SQL run straight through pg in this process: the first page
// (50 rows, default order, open tickets as the dashboard asks), the same with a text filter, and a bulk
// action on 100 tickets beside the same statements (lock, versioned update, event, audit) per ticket.
import { spawn, type ChildProcess } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../../server/config.js';
import { insertAudit } from '../../server/db/audit.queries.js';
import { listInbox, type InboxQuery } from '../../server/db/inbox.queries.js';
import { findMunicipalityByIstat } from '../../server/db/municipality.queries.js';
import { withTransaction } from '../../server/db/pool.js';
import { findTicketState, insertEvent, updatePriority } from '../../server/db/workflow.queries.js';
import { OPEN_STATUSES } from '../../server/domain/ticket-status.js';
import { INBOX_BEGIN } from '../../server/services/inbox.service.js';
import { createServices } from '../../server/services/services.js';
import { graphql, timePair, timingOf, type Timing } from './analytics-measure.js';
import { cell, pairOrder, RUNS } from './stats.js';
import type { BenchContext, BenchGoal, BenchSuite } from './bench-suite.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const OFFICE = 'lavori_pubblici';

async function startServer(databaseUrl: string): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', path.join(HERE, 'analytics-server.ts'), databaseUrl],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  for await (const line of createInterface({ input: child.stdout! })) {
    if (line.startsWith('READY '))
      return { child, ...(JSON.parse(line.slice(6)) as { url: string }) };
  }
  throw new Error('inbox bench server exited before it was ready');
}

async function operator(ctx: BenchContext) {
  const config = loadConfig({ ...process.env, DATABASE_URL: ctx.databaseUrl });
  const municipality = await findMunicipalityByIstat(ctx.pool, config.municipalityIstat);
  const services = createServices({ pool: ctx.pool, config, municipality: municipality! });
  const email = 'bench.operator@seravezza.demo';
  const staffId = await services.auth.upsertStaffUser({
    email,
    role: 'operator',
    password: `bench-${Date.now()}-x`,
    officeCodes: [OFFICE],
  });
  const { rows } = await ctx.pool.query<{ id: number }>(
    'select id from office where municipality_id = $1 and code = $2',
    [ctx.municipalityId, OFFICE],
  );
  const viewer = {
    staffId,
    email,
    role: 'operator' as const,
    officeIds: [rows[0].id],
    scopes: null,
  };
  const { token } = await services.apiTokens.create(
    viewer,
    'inbox bench',
    ['tickets:read', 'tickets:write'],
    '127.0.0.1',
  );
  return { token, staffId, officeId: rows[0].id };
}

const INBOX = `query($filter: InboxFilterInput, $first: Int!) {
  inbox(filter: $filter, first: $first) { totalCount pageInfo { hasNextPage endCursor }
    edges { node { id code title status version priority suggestedPriority { value score label components { name label labelEn points } }
      office { id name } category { name nameEn } streetName lon lat createdAt updatedAt dueAt overdue dueSoon supportersCount } } } }`;

const BULK = `mutation($ids: [ID!]!, $versions: [Int!]!, $action: BulkActionInput!) {
  bulkUpdateTickets(ids: $ids, versions: $versions, action: $action) { id ok code } }`;

async function pages(
  ctx: BenchContext,
  url: string,
  token: string,
  officeId: number,
): Promise<{ table: Record<string, string | number>[]; goals: BenchGoal[] }> {
  // A word of many of the office's titles (the demo data's potholes): a wide text match, the slow case.
  const word = 'buca';
  const cases = [
    {
      name: 'inbox first page, 50 rows, default order, open tickets',
      text: undefined,
      target: 100,
    },
    { name: `inbox first page, text filter "${word}"`, text: word, target: 200 },
  ];
  const table: Record<string, string | number>[] = [];
  const goals: BenchGoal[] = [];
  for (const c of cases) {
    ctx.log(`inbox: ${c.name}…`);
    const filter = { statuses: OPEN_STATUSES.map((s) => s.toUpperCase()), text: c.text };
    // The service's own two statements (page of ids, then the rows), with the operator's office.
    const q: InboxQuery = {
      filter: { statuses: [...OPEN_STATUSES], text: c.text },
      officeIds: [officeId],
      order: 'suggested',
      direction: 'asc',
      offset: 0,
      limit: 51,
    };
    let total = 0;
    const { a: g, b } = await timePair(
      RUNS,
      async () => {
        const r = await graphql(url, token, INBOX, { filter, first: 50 });
        total = (JSON.parse(r.body.toString()) as { data: { inbox: { totalCount: number } } }).data
          .inbox.totalCount;
      },
      // The same SQL alone: the service's statement in the service's transaction (read only, JIT off).
      () => withTransaction(ctx.pool, (tx) => listInbox(tx, ctx.municipalityId, q), INBOX_BEGIN),
    );
    table.push({
      query: c.name,
      'matching tickets': total,
      'GraphQL ms, median / p95': cell(g),
      'SQL baseline ms, median / p95': cell(b),
      'ratio of medians': (g.median / Math.max(1, b.median)).toFixed(2),
      'target ms': c.target,
    });
    goals.push({
      goal: `${c.name} < ${c.target} ms (p95 of the runs)`,
      measured: `${g.p95} ms, median ${g.median} ms (SQL alone ${b.median} ms)`,
      pass: g.p95 < c.target,
    });
  }
  return { table, goals };
}

async function bulk(
  ctx: BenchContext,
  url: string,
  token: string,
  staffId: number,
  officeId: number,
): Promise<{ table: Record<string, string | number>[]; goals: BenchGoal[] }> {
  ctx.log('inbox: bulk SET_PRIORITY on 100 tickets…');
  const { rows } = await ctx.pool.query<{ id: number }>(
    `select id from ticket where municipality_id = $1 and office_id = $2 and status in ('received', 'acknowledged', 'in_progress')
     order by id limit 100`,
    [ctx.municipalityId, officeId],
  );
  const ids = rows.map((r) => r.id);
  const versions = async () =>
    (
      await ctx.pool.query<{ version: number }>(
        'select version from ticket where municipality_id = $1 and id = any($2::bigint[]) order by array_position($2::bigint[], id)',
        [ctx.municipalityId, ids],
      )
    ).rows.map((r) => r.version);
  let priority = 1;
  const viaGraphql = async () => {
    const v = await versions();
    priority = (priority % 4) + 1;
    const t = performance.now();
    const r = await graphql(url, token, BULK, {
      ids: ids.map(String),
      versions: v,
      action: { kind: 'SET_PRIORITY', priority },
    });
    const ms = performance.now() - t;
    const results = (
      JSON.parse(r.body.toString()) as { data: { bulkUpdateTickets: { ok: boolean }[] } }
    ).data.bulkUpdateTickets;
    if (results.some((x) => !x.ok)) throw new Error('bulk bench: a ticket was refused');
    return ms;
  };
  // The statements the service runs for each ticket, one transaction each, without GraphQL and HTTP.
  const viaSql = async () => {
    const v = await versions();
    priority = (priority % 4) + 1;
    const t = performance.now();
    for (const [i, id] of ids.entries()) {
      await withTransaction(ctx.pool, async (tx) => {
        const state = await findTicketState(tx, ctx.municipalityId, id, true);
        const version = await updatePriority(tx, ctx.municipalityId, id, v[i], priority);
        await insertEvent(tx, ctx.municipalityId, {
          ticketId: id,
          kind: 'priority',
          actorStaffId: staffId,
          before: { priority: state!.priority, version: v[i] },
          after: { priority, version },
          public: false,
        });
        await insertAudit(tx, ctx.municipalityId, {
          actorStaffId: staffId,
          action: 'ticket.setPriority',
          target: `ticket:${id}`,
          details: { version: v[i], from: state!.priority, to: priority },
        });
      });
    }
    return performance.now() - t;
  };
  await viaGraphql();
  await viaSql();
  const ms = { g: [] as number[], s: [] as number[] };
  for (let run = 0; run < RUNS; run++)
    for (const key of pairOrder<'g' | 's'>(run, 'g', 's'))
      ms[key].push(await (key === 'g' ? viaGraphql() : viaSql()));
  const [g, s]: Timing[] = [timingOf(ms.g), timingOf(ms.s)];
  return {
    table: [
      {
        query: `bulkUpdateTickets SET_PRIORITY, ${ids.length} tickets`,
        'matching tickets': ids.length,
        'GraphQL ms, median / p95': cell(g),
        'SQL baseline ms, median / p95': cell(s),
        'ratio of medians': (g.median / Math.max(1, s.median)).toFixed(2),
        'target ms': 2000,
      },
    ],
    goals: [
      {
        goal: `bulk action on ${ids.length} tickets < 2000 ms (p95 of the runs)`,
        measured: `${g.p95} ms, median ${g.median} ms (SQL alone ${s.median} ms)`,
        pass: g.p95 < 2000,
      },
    ],
  };
}

const suite: BenchSuite = {
  name: 'inbox',
  async run(ctx) {
    const { token, staffId, officeId } = await operator(ctx);
    const server = await startServer(ctx.databaseUrl);
    try {
      const a = await pages(ctx, server.url, token, officeId);
      const b = await bulk(ctx, server.url, token, staffId, officeId);
      return [
        {
          title: "Operator's inbox: GraphQL over HTTP vs the same SQL through pg",
          table: [...a.table, ...b.table],
          goals: [...a.goals, ...b.goals],
          notes: [
            `${RUNS} runs after one warm-up each, one request at a time, GraphQL and SQL alternating which goes first; "ms" cells are "median / p95". The operator works for ${OFFICE}; the page query asks for every field the dashboard's inbox shows. The bulk baseline runs, per ticket, the statements of the service (row lock, versioned update, ticket_event, audit_log) in one transaction each. Load average at start: ${os
              .loadavg()
              .map((l) => l.toFixed(1))
              .join(' / ')} on ${os.cpus().length} cores.`,
          ],
        },
      ];
    } finally {
      server.child.kill('SIGTERM');
    }
  },
};

export default suite;
