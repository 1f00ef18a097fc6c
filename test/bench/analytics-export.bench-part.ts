// The export part of the analytics suite: GET /export/tickets.csv of every ticket through the app
// (rows/s, peak memory of the server process sampled from /proc) beside COPY … TO STDOUT of the same
// columns straight from PostgreSQL.
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { to as copyTo } from 'pg-copy-streams';
import { memoryOf, request } from './analytics-measure.js';
import type { BenchContext, BenchSection } from './bench-suite.js';
import { cell, pairOrder, RUNS, spreadOf } from './stats.js';

const COPY_BASELINE = `copy (
  select t.code, c.code as category, o.code as office, t.status, t.priority, t.title, t.description,
         st_x(t.location::geometry) as lon, st_y(t.location::geometry) as lat, t.address, s.name_display as street,
         t.supporters_count, t.reopen_count, d.code as duplicate_of,
         t.created_at, t.acknowledged_at, t.resolved_at, t.closed_at, t.due_at
  from ticket t
  join category c on c.municipality_id = t.municipality_id and c.id = t.category_id
  join office o on o.municipality_id = t.municipality_id and o.id = t.office_id
  left join street s on s.municipality_id = t.municipality_id and s.id = t.street_id
  left join ticket d on d.municipality_id = t.municipality_id and d.id = t.duplicate_of
  where t.municipality_id = $M order by t.id) to stdout with (format csv, header)`;

function countLines(chunk: Buffer): number {
  let n = 0;
  for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) n++;
  return n;
}

interface ExportRun {
  status: number;
  rows: number;
  bytes: number;
  seconds: number;
  /** Server RSS before and at its peak during the run, MiB (the app only). */
  rssBefore?: number;
  rssPeak?: number;
}

async function appExport(server: { url: string; pid: number }, token: string): Promise<ExportRun> {
  const before = await memoryOf(server.pid);
  let peak = before.rssMiB;
  let lines = 0;
  const sampler = setInterval(
    () =>
      void memoryOf(server.pid)
        .then((m) => {
          peak = Math.max(peak, m.rssMiB);
        })
        .catch(() => undefined),
    100,
  );
  const t0 = performance.now();
  try {
    const res = await request(`${server.url}/export/tickets.csv`, {
      headers: { authorization: `Bearer ${token}`, 'accept-encoding': 'identity' },
      keepBody: false,
      onData: (c) => {
        lines += countLines(c);
      },
    });
    // Titles and descriptions hold no newlines in the demo data, so lines - header = rows.
    return {
      status: res.status,
      rows: lines - 1,
      bytes: res.bytes,
      seconds: (performance.now() - t0) / 1000,
      rssBefore: before.rssMiB,
      rssPeak: peak,
    };
  } finally {
    clearInterval(sampler);
  }
}

async function copyExport(ctx: BenchContext): Promise<ExportRun> {
  const client = await ctx.pool.connect();
  let bytes = 0;
  let lines = 0;
  const t0 = performance.now();
  try {
    await pipeline(
      client.query(copyTo(COPY_BASELINE.replace('$M', String(Number(ctx.municipalityId))))),
      new Writable({
        write(chunk: Buffer, _enc, done) {
          bytes += chunk.length;
          lines += countLines(chunk);
          done();
        },
      }),
    );
  } finally {
    client.release();
  }
  return { status: 200, rows: lines - 1, bytes, seconds: (performance.now() - t0) / 1000 };
}

function exportRow(label: string, runs: ExportRun[]): Record<string, string | number> {
  const of = (f: (r: ExportRun) => number, higherIsBetter = false) =>
    cell(spreadOf(runs.map(f), higherIsBetter));
  const app = runs[0].rssPeak !== undefined;
  return {
    run: label,
    runs: runs.length,
    status: [...new Set(runs.map((r) => r.status))].join(),
    rows: [...new Set(runs.map((r) => r.rows))].join(),
    MB: (runs[0].bytes / 1e6).toFixed(0),
    'seconds, median / p95': of((r) => r.seconds),
    'rows/s, median / p95': of((r) => Math.round(r.rows / r.seconds), true),
    'server RSS before MiB': app ? of((r) => r.rssBefore!) : '—',
    'server RSS peak MiB': app ? of((r) => r.rssPeak!) : '—',
  };
}

export async function exportCsvBench(
  ctx: BenchContext,
  server: { url: string; pid: number },
  token: string,
): Promise<BenchSection> {
  const {
    rows: [{ n: expected }],
  } = await ctx.pool.query<{ n: number }>(
    'select count(*)::int as n from ticket where municipality_id = $1',
    [ctx.municipalityId],
  );
  const runs = { app: [[], []] as ExportRun[][], copy: [[], []] as ExportRun[][] };
  for (let run = 0; run < RUNS; run++) {
    for (const [position, key] of pairOrder<'app' | 'copy'>(run, 'app', 'copy').entries()) {
      ctx.log(
        `analytics: CSV export of every ticket, ${key === 'app' ? 'through the app' : 'COPY … TO STDOUT'}, run ${run + 1}/${RUNS}…`,
      );
      runs[key][position].push(
        key === 'app' ? await appExport(server, token) : await copyExport(ctx),
      );
    }
  }
  const app = [...runs.app[0], ...runs.app[1]];
  const copy = [...runs.copy[0], ...runs.copy[1]];
  const growth = Math.max(...app.map((r) => r.rssPeak! - r.rssBefore!));
  const after = await memoryOf(server.pid);
  const medianRate = (rs: ExportRun[]) => spreadOf(rs.map((r) => r.rows / r.seconds)).median;
  return {
    title: `CSV export of all ${expected.toLocaleString('en')} tickets`,
    table: [
      exportRow('GET /export/tickets.csv (app, cursor batches of 2,000)', app),
      exportRow('COPY … TO STDOUT (PostgreSQL alone)', copy),
    ],
    goals: [
      {
        goal: 'export streams at constant memory',
        measured: `server RSS grew by at most ${growth} MiB in a run (VmHWM after all runs: ${after.peakMiB} MiB) for ${(app[0].bytes / 1e6).toFixed(0)} MB sent`,
        pass: growth < 200 && app.every((r) => r.rows === expected),
      },
    ],
    notes: [
      `${RUNS} runs of each, alternating which goes first; cells are "median / p95" of the runs (the slow end: p5 of rows/s). Medians of rows/s by order: app ${Math.round(medianRate(runs.app[0]))} first, ${Math.round(medianRate(runs.app[1]))} second; COPY ${Math.round(medianRate(runs.copy[0]))} first, ${Math.round(medianRate(runs.copy[1]))} second.`,
      'Peak RSS is sampled every 100 ms from /proc/<pid>/status of the server child process.',
    ],
  };
}
