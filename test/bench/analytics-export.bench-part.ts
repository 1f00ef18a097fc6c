// The export part of the analytics suite: GET /export/tickets.csv of every ticket through the app
// (rows/s, peak memory of the server process sampled from /proc) beside COPY … TO STDOUT of the same
// columns straight from PostgreSQL.
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { to as copyTo } from 'pg-copy-streams';
import { memoryOf, request } from './analytics-measure.js';
import type { BenchContext, BenchSection } from './bench-suite.js';

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
  ctx.log('analytics: CSV export of every ticket through the app…');
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
  const res = await request(`${server.url}/export/tickets.csv`, {
    headers: { authorization: `Bearer ${token}`, 'accept-encoding': 'identity' },
    keepBody: false,
    onData: (c) => {
      lines += countLines(c);
    },
  });
  const appSeconds = (performance.now() - t0) / 1000;
  clearInterval(sampler);
  const after = await memoryOf(server.pid);
  // Titles and descriptions hold no newlines in the demo data, so lines - header = rows.
  const appRows = lines - 1;

  ctx.log('analytics: COPY … TO STDOUT baseline…');
  const client = await ctx.pool.connect();
  let copyBytes = 0;
  let copyLines = 0;
  const t1 = performance.now();
  try {
    await pipeline(
      client.query(copyTo(COPY_BASELINE.replace('$M', String(Number(ctx.municipalityId))))),
      new Writable({
        write(chunk: Buffer, _enc, done) {
          copyBytes += chunk.length;
          copyLines += countLines(chunk);
          done();
        },
      }),
    );
  } finally {
    client.release();
  }
  const copySeconds = (performance.now() - t1) / 1000;
  const table = [
    {
      run: 'GET /export/tickets.csv (app, cursor batches of 2,000)',
      status: res.status,
      rows: appRows,
      MB: (res.bytes / 1e6).toFixed(0),
      seconds: appSeconds.toFixed(1),
      'rows/s': Math.round(appRows / appSeconds),
      'server RSS before MiB': before.rssMiB,
      'server RSS peak MiB': peak,
    },
    {
      run: 'COPY … TO STDOUT (PostgreSQL alone)',
      status: 200,
      rows: copyLines - 1,
      MB: (copyBytes / 1e6).toFixed(0),
      seconds: copySeconds.toFixed(1),
      'rows/s': Math.round((copyLines - 1) / copySeconds),
      'server RSS before MiB': '—',
      'server RSS peak MiB': '—',
    },
  ];
  return {
    title: `CSV export of all ${expected.toLocaleString('en')} tickets`,
    table,
    goals: [
      {
        goal: 'export streams at constant memory',
        measured: `server RSS ${before.rssMiB} → peak ${peak} MiB (VmHWM after: ${after.peakMiB} MiB) for ${(res.bytes / 1e6).toFixed(0)} MB sent`,
        pass: peak - before.rssMiB < 200 && appRows === expected,
      },
    ],
    notes: [
      'Peak RSS is sampled every 100 ms from /proc/<pid>/status of the server child process.',
    ],
  };
}
