// `npm run bench [-- suite…] [--tickets N]` (or BENCH_SUITES=citizen,comuni): prepares (or reuses) the bench database of BENCH_TICKETS
// tickets (default 1,000,000) on a real PostgreSQL + PostGIS (segnala_bench next to DATABASE_URL, default
// postgres://postgres@127.0.0.1:5432), migrated by the app's own runner, runs every suite
// test/bench/*.bench.ts (or the named ones), and writes bench-results/report.md + .json.
// BENCH_RUNS (default 7) sets how many runs every figure is measured in. A suite with its own databases
// (comuni: 50 comuni vs one alone, test/bench/comuni-bench-db.ts) needs no shared one: run alone
// (`npm run bench -- comuni`) it does not build or open the 1M-ticket database.
// `--prepare-only` builds (or checks) the databases the selected suites need — the shared one and the
// suites' own — prints their names, sizes and build times, and measures nothing (no report is written):
// the slow part done ahead, so that the timed run on a quiet machine starts at once.
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import pg from 'pg';
import type { AnyBenchSuite, BenchContext, BenchSection } from './bench-suite.js';
import { RUNS } from './stats.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '../..');
process.env.BENCH_ADMIN_URL ??=
  process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
const { openBenchDatabase, ensureBenchTickets, benchUrl, BENCH_TICKETS } =
  await import('./analytics-bench-db.js');

async function loadSuites(only: string[]): Promise<AnyBenchSuite[]> {
  const files = (await readdir(HERE)).filter((f) => f.endsWith('.bench.ts')).sort();
  const suites: AnyBenchSuite[] = [];
  for (const file of files) {
    const mod = (await import(pathToFileURL(path.join(HERE, file)).href)) as {
      default: AnyBenchSuite;
    };
    if (only.length === 0 || only.includes(mod.default.name)) suites.push(mod.default);
  }
  return suites;
}

function markdownTable(rows: Record<string, string | number>[]): string {
  if (rows.length === 0) return '';
  const keys = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  const line = (cells: (string | number | undefined)[]) =>
    `| ${cells.map((c) => String(c ?? '')).join(' | ')} |`;
  return [
    line(keys),
    line(keys.map(() => '---')),
    ...rows.map((r) => line(keys.map((k) => r[k]))),
  ].join('\n');
}

const log = (m: string) => console.log(`[bench] ${m}`);
const started = new Date();
const args = process.argv.slice(2);
const at = args.indexOf('--tickets');
if (at >= 0) args.splice(at, 2);
const prepareAt = args.indexOf('--prepare-only');
const prepareOnly = prepareAt >= 0;
if (prepareOnly) args.splice(prepareAt, 1);
const selected = args.length
  ? args
  : (process.env.BENCH_SUITES ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
const toRun = await loadSuites(selected);
const results: { suite: string; sections: BenchSection[]; error?: string }[] = [];
const environment: Record<string, string | number> = {};
const machine = async (db: pg.Pool | pg.Client) => {
  // The admin database need not have PostGIS installed: ask for the version it would get.
  const versions = await db.query<{ pg: string; postgis: string }>(
    `select version() as pg, (select coalesce(installed_version, default_version) from pg_available_extensions where name = 'postgis') as postgis`,
  );
  const load = os.loadavg().map((l) => l.toFixed(1));
  return {
    date: started.toISOString(),
    'runs per figure': RUNS,
    node: process.version,
    postgres: versions.rows[0].pg.split(' on ')[0],
    postgis: versions.rows[0].postgis,
    cpus: `${os.cpus().length} × ${os.cpus()[0]?.model ?? '?'}`,
    memory: `${Math.round(os.totalmem() / 2 ** 30)} GiB`,
    'load average at start (1, 5, 15 min)': load.join(', '),
  };
};
const shared = toRun.filter((s) => !s.ownDatabases);
if (prepareOnly) {
  const built: { db: string; seconds: number }[] = [];
  const timed = async (prepare: () => Promise<string[]>) => {
    const t0 = Date.now();
    const dbs = await prepare();
    // One figure for the databases of one suite: they are built together.
    for (const db of dbs) built.push({ db, seconds: (Date.now() - t0) / 1000 });
  };
  if (shared.length)
    await timed(async () => {
      const db = await openBenchDatabase(log);
      try {
        const tickets = await ensureBenchTickets(db, BENCH_TICKETS, log);
        log(`shared database: ${tickets} tickets`);
      } finally {
        await db.end();
      }
      return [new URL(benchUrl()).pathname.slice(1)];
    });
  for (const suite of toRun) if (suite.ownDatabases) await timed(() => suite.prepare({ log }));
  const client = new pg.Client({ connectionString: process.env.BENCH_ADMIN_URL });
  await client.connect();
  try {
    for (const { db, seconds } of built) {
      const size = await client.query<{ size: string }>(
        'select pg_size_pretty(pg_database_size($1)) as size',
        [db],
      );
      log(`prepared ${db}: ${size.rows[0].size}, ready in ${seconds.toFixed(0)} s`);
    }
  } finally {
    await client.end();
  }
  log(
    `load average (1, 5, 15 min): ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(', ')}`,
  );
  process.exit(0);
}
const pool = shared.length ? await openBenchDatabase(log) : undefined;
try {
  let ctx: BenchContext | undefined;
  if (pool) {
    const tickets = await ensureBenchTickets(pool, BENCH_TICKETS, log);
    const m = await pool.query<{ id: number }>(
      `select id from municipality where istat_code = '046028'`,
    );
    Object.assign(environment, { ...(await machine(pool)), tickets });
    ctx = { databaseUrl: benchUrl(), pool, municipalityId: m.rows[0].id, tickets, log };
  } else {
    const client = new pg.Client({ connectionString: process.env.BENCH_ADMIN_URL });
    await client.connect();
    Object.assign(environment, await machine(client).finally(() => client.end()));
  }
  for (const suite of toRun) {
    log(`suite ${suite.name}…`);
    try {
      const sections = suite.ownDatabases ? await suite.run({ log }) : await suite.run(ctx!);
      results.push({ suite: suite.name, sections });
    } catch (error) {
      log(`suite ${suite.name} failed: ${String(error)}`);
      results.push({ suite: suite.name, sections: [], error: String(error) });
    }
  }
} finally {
  await pool?.end();
}

// A partial run (`npm run bench -- citizen`) replaces only its suites in the existing report, so the
// report always holds the latest figures of every suite; each suite keeps the environment it ran in.
interface StoredSuite {
  suite: string;
  environment: Record<string, string | number>;
  sections: BenchSection[];
  error?: string;
}
const out = path.join(ROOT, 'bench-results');
const previous = await readFile(path.join(out, 'report.json'), 'utf8')
  .then((text) => {
    const json = JSON.parse(text) as {
      suites?: StoredSuite[];
      environment?: Record<string, string | number>;
      results?: Omit<StoredSuite, 'environment'>[];
    };
    // Reports written before suites kept their own environment.
    return (
      json.suites ??
      (json.results ?? []).map((r) => ({ ...r, environment: json.environment ?? {} }))
    );
  })
  .catch(() => [] as StoredSuite[]);
const fresh: StoredSuite[] = results.map((r) => ({ ...r, environment }));
const suites = [...previous.filter((p) => !fresh.some((f) => f.suite === p.suite)), ...fresh].sort(
  (a, b) => a.suite.localeCompare(b.suite),
);

const md = [
  '# Segnala benchmark report',
  '',
  'Generated by `npm run bench` (test/bench/run.ts). Do not edit by hand.',
  '',
  ...suites.flatMap((r) => [
    `## Suite: ${r.suite}`,
    '',
    ...Object.entries(r.environment).map(([k, v]) => `- **${k}**: ${v}`),
    '',
    ...(r.error ? [`**Failed:** ${r.error}`, ''] : []),
    ...r.sections.flatMap((s) => [
      `### ${s.title}`,
      '',
      markdownTable(s.table),
      '',
      ...(s.goals.length
        ? [
            markdownTable(
              s.goals.map((g) => ({
                goal: g.goal,
                measured: g.measured,
                result: g.pass ? 'met' : 'NOT met',
              })),
            ),
            '',
          ]
        : []),
      ...s.notes.map((n) => `> ${n}`),
      '',
    ]),
  ]),
].join('\n');
await mkdir(out, { recursive: true });
await writeFile(path.join(out, 'report.md'), md);
await writeFile(path.join(out, 'report.json'), JSON.stringify({ suites }, null, 2));
log(`report written to ${path.join(out, 'report.md')}`);
