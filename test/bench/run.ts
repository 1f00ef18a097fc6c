// `npm run bench [-- suite…]`: prepares (or reuses) the 1,000,000-ticket bench database on a real
// PostgreSQL + PostGIS (segnala_bench next to DATABASE_URL, default postgres://postgres@127.0.0.1:5432),
// runs every suite test/bench/*.bench.ts (or the named ones), and writes bench-results/report.md + .json.
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type pg from 'pg';
import type { BenchContext, BenchSection, BenchSuite } from './bench-suite.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '../..');
/** Migrations the API needs beyond those the bench database module applies (001 and 03x). */
const APP_MIGRATIONS = ['010.do.citizen.sql', '011.do.outbox-ticket-index.sql'];

process.env.BENCH_ADMIN_URL ??=
  process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
const { openBenchDatabase, ensureBenchTickets, benchUrl, BENCH_TICKETS } =
  await import('./analytics-bench-db.js');

async function applyAppMigrations(pool: pg.Pool, log: (m: string) => void): Promise<void> {
  for (const name of APP_MIGRATIONS) {
    const done = await pool.query('select 1 from bench_migration where name = $1', [name]);
    if (done.rowCount) continue;
    log(`bench db: applying ${name}`);
    await pool.query(await readFile(path.join(ROOT, 'sql', name), 'utf8'));
    await pool.query('insert into bench_migration (name) values ($1)', [name]);
  }
}

async function loadSuites(only: string[]): Promise<BenchSuite[]> {
  const files = (await readdir(HERE)).filter((f) => f.endsWith('.bench.ts')).sort();
  const suites: BenchSuite[] = [];
  for (const file of files) {
    const mod = (await import(pathToFileURL(path.join(HERE, file)).href)) as {
      default: BenchSuite;
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
const pool = await openBenchDatabase(log);
const results: { suite: string; sections: BenchSection[]; error?: string }[] = [];
const environment: Record<string, string | number> = {};
try {
  const tickets = await ensureBenchTickets(pool, BENCH_TICKETS, log);
  await applyAppMigrations(pool, log);
  const m = await pool.query<{ id: number }>(
    `select id from municipality where istat_code = '046028'`,
  );
  const versions = await pool.query<{ pg: string; postgis: string }>(
    'select version() as pg, postgis_lib_version() as postgis',
  );
  Object.assign(environment, {
    date: started.toISOString(),
    tickets,
    node: process.version,
    postgres: versions.rows[0].pg.split(' on ')[0],
    postgis: versions.rows[0].postgis,
    cpus: `${os.cpus().length} × ${os.cpus()[0]?.model ?? '?'}`,
    memory: `${Math.round(os.totalmem() / 2 ** 30)} GiB`,
  });
  const ctx: BenchContext = {
    databaseUrl: benchUrl(),
    pool,
    municipalityId: m.rows[0].id,
    tickets,
    log,
  };
  for (const suite of await loadSuites(process.argv.slice(2))) {
    log(`suite ${suite.name}…`);
    try {
      results.push({ suite: suite.name, sections: await suite.run(ctx) });
    } catch (error) {
      log(`suite ${suite.name} failed: ${String(error)}`);
      results.push({ suite: suite.name, sections: [], error: String(error) });
    }
  }
} finally {
  await pool.end();
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
