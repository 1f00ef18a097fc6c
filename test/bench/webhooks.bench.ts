// Webhooks suite: 10,000 events committed on the 1M-ticket database (public notes on 2,000 tickets,
// five each, in transactions of EVENTS_PER_COMMIT at EVENTS_PER_SECOND) and delivered by the real sender
// (server/webhooks/webhook-sender.ts, default settings, HTTP on 127.0.0.1) to a local receiver that
// checks every signature. Latency is from the commit, as the committing client sees it, to the moment
// the receiver has the request. Goal (issue 17): median < 1 s. Every event must arrive, signed, and
// in order per ticket; the rows written are removed afterwards (the bench database is kept between runs).
import { createHmac } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadConfig } from '../../server/config.js';
import { findMunicipalityByIstat } from '../../server/db/municipality.queries.js';
import { withTransaction } from '../../server/db/pool.js';
import { insertWebhook } from '../../server/db/webhook.queries.js';
import { createServices } from '../../server/services/services.js';
import { createWebhookSender } from '../../server/webhooks/webhook-sender.js';
import type { BenchContext, BenchSection, BenchSuite } from './bench-suite.js';
import { percentile, RUNS, spreadOf, cell } from './stats.js';

const EVENTS = Number(process.env.BENCH_WEBHOOK_EVENTS ?? 10_000);
const TICKETS = Math.max(1, Math.round(EVENTS / 5));
const EVENTS_PER_SECOND = Number(process.env.BENCH_WEBHOOK_RATE ?? 1000);
const EVENTS_PER_COMMIT = 50;
const SECRET = 'whsec_bench';

interface Arrival {
  eventId: string;
  at: number;
  signed: boolean;
}

async function receiver(): Promise<{ url: string; arrivals: Arrival[]; close(): Promise<void> }> {
  const arrivals: Arrival[] = [];
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (c: Buffer) => chunks.push(c));
    request.on('end', () => {
      const at = performance.now();
      const body = Buffer.concat(chunks).toString('utf8');
      const header = String(request.headers['segnala-signature'] ?? '');
      const [t, v1] = header.split(',').map((p) => p.split('=')[1]);
      const expected = createHmac('sha256', SECRET).update(`${t}.${body}`).digest('hex');
      arrivals.push({
        eventId: String(request.headers['segnala-event-id']),
        at,
        signed: v1 === expected,
      });
      response.writeHead(204).end();
    });
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    arrivals,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

interface RunResult {
  medianMs: number;
  p95Ms: number;
  maxMs: number;
  perSecond: number;
  delivered: number;
  signed: number;
  inOrder: boolean;
}

async function oneRun(ctx: BenchContext, run: number): Promise<RunResult> {
  const config = loadConfig({
    ...process.env,
    DATABASE_URL: ctx.databaseUrl,
    WEBHOOK_ALLOW_HTTP: 'true',
    WEBHOOK_ALLOW_PRIVATE_ADDRESSES: 'true',
  });
  const municipality = (await findMunicipalityByIstat(ctx.pool, config.municipalityIstat))!;
  const services = createServices({ pool: ctx.pool, config, municipality });
  const ownerId = await services.auth.upsertStaffUser({
    email: 'bench.webhooks@seravezza.demo',
    role: 'admin',
    password: `bench-${Date.now()}-x`,
  });
  const target = await receiver();
  const hook = await insertWebhook(ctx.pool, ctx.municipalityId, {
    url: target.url,
    events: ['ticket.public_note'],
    secret: SECRET,
    ownerStaffId: ownerId,
    tokenId: null,
  });
  const tickets = (
    await ctx.pool.query<{ id: string }>(
      'select id from ticket where municipality_id = $1 order by id offset $2 limit $3',
      [ctx.municipalityId, (run * TICKETS) % 100_000, TICKETS],
    )
  ).rows.map((r) => r.id);
  const sender = createWebhookSender(ctx.pool, config, { info: () => undefined, warn: ctx.log });
  sender.start();
  const committed = new Map<string, { at: number; ticket: string; id: number }>();
  const eventIds: number[] = [];
  try {
    const started = performance.now();
    const order = Array.from({ length: EVENTS }, (_, i) => tickets[i % tickets.length]);
    for (let i = 0; i < order.length; i += EVENTS_PER_COMMIT) {
      // Paced: commit number k waits for its slot, so the sender sees a steady stream, not one burst.
      const slot = started + (i / EVENTS_PER_SECOND) * 1000;
      const wait = slot - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      const batch = order.slice(i, i + EVENTS_PER_COMMIT);
      const rows = await withTransaction(
        ctx.pool,
        async (tx) =>
          (
            await tx.query<{ id: string; ticket_id: string }>(
              `insert into ticket_event (municipality_id, ticket_id, kind, note, public)
             select $1, t, 'note', 'bench webhook', true from unnest($2::bigint[]) with ordinality u(t, n) order by n
             returning id, ticket_id`,
              [ctx.municipalityId, batch],
            )
          ).rows,
      );
      const at = performance.now();
      for (const r of rows) {
        committed.set(`${municipality.istat_code}.${r.id}.ticket.public_note`, {
          at,
          ticket: r.ticket_id,
          id: Number(r.id),
        });
        eventIds.push(Number(r.id));
      }
    }
    const deadline = performance.now() + 300_000;
    while (target.arrivals.length < EVENTS && performance.now() < deadline)
      await new Promise((r) => setTimeout(r, 50));
    const elapsed = (performance.now() - started) / 1000;
    const latencies = target.arrivals
      .filter((a) => committed.has(a.eventId))
      .map((a) => a.at - committed.get(a.eventId)!.at);
    const last = new Map<string, number>();
    let inOrder = true;
    for (const a of target.arrivals) {
      const c = committed.get(a.eventId);
      if (!c) continue;
      if ((last.get(c.ticket) ?? 0) > c.id) inOrder = false;
      last.set(c.ticket, c.id);
    }
    return {
      medianMs: percentile(latencies, 50),
      p95Ms: percentile(latencies, 95),
      maxMs: Math.max(...latencies),
      perSecond: target.arrivals.length / elapsed,
      delivered: new Set(target.arrivals.map((a) => a.eventId)).size,
      signed: target.arrivals.filter((a) => a.signed).length,
      inOrder,
    };
  } finally {
    await sender.stop();
    await target.close();
    await ctx.pool.query(
      'delete from webhook_subscription where municipality_id = $1 and id = $2',
      [ctx.municipalityId, hook!.id],
    );
    await ctx.pool.query(
      'delete from ticket_event where municipality_id = $1 and id = any($2::bigint[])',
      [ctx.municipalityId, eventIds],
    );
  }
}

const suite: BenchSuite = {
  name: 'webhooks',
  async run(ctx) {
    const results: RunResult[] = [];
    for (let run = 0; run < RUNS; run++) {
      const r = await oneRun(ctx, run);
      ctx.log(
        `webhooks run ${run + 1}/${RUNS}: median ${r.medianMs.toFixed(0)} ms, p95 ${r.p95Ms.toFixed(0)} ms, ${r.delivered}/${EVENTS} delivered`,
      );
      results.push(r);
    }
    const median = spreadOf(results.map((r) => r.medianMs));
    const complete = results.every(
      (r) => r.delivered === EVENTS && r.signed >= EVENTS && r.inOrder,
    );
    const section: BenchSection = {
      title: `Webhooks: ${EVENTS.toLocaleString('en')} events to a local receiver`,
      table: results.map((r, i) => ({
        run: i + 1,
        'median ms': Math.round(r.medianMs),
        'p95 ms': Math.round(r.p95Ms),
        'max ms': Math.round(r.maxMs),
        'delivered/s': Math.round(r.perSecond),
        delivered: r.delivered,
        'signed ok': r.signed,
        'in order': r.inOrder ? 'yes' : 'NO',
      })),
      goals: [
        {
          goal: 'median latency from commit to delivery < 1 s',
          measured: `${cell(median)} ms (median / p95 of the runs' medians)`,
          pass: median.median < 1000,
        },
        {
          goal: 'every event delivered once or more, signed, in order per ticket',
          measured: complete ? 'yes' : 'no',
          pass: complete,
        },
      ],
      notes: [
        `${EVENTS} public notes on ${TICKETS} tickets (${EVENTS / TICKETS} each), committed ${EVENTS_PER_COMMIT} per transaction at ${EVENTS_PER_SECOND} events/s (BENCH_WEBHOOK_EVENTS, BENCH_WEBHOOK_RATE); the sender with its default settings (WEBHOOK_POLL_MS, WEBHOOK_BATCH_SIZE, WEBHOOK_CONCURRENCY) in this process, the receiver too.`,
        'Latency: from the COMMIT returning to the committing client to the receiver having the whole request.',
      ],
    };
    return [section];
  },
};

export default suite;
