// What every bench suite (test/bench/*.bench.ts, default export) gets and gives back. run.ts finds the
// suites, prepares the shared 1M-ticket database (only when a suite selected needs it), runs them in turn
// and writes bench-results/.
import type pg from 'pg';

export interface BenchContext {
  /** Connection string of the bench database (real PostgreSQL + PostGIS). */
  databaseUrl: string;
  pool: pg.Pool;
  municipalityId: number;
  tickets: number;
  log(message: string): void;
}

export interface BenchGoal {
  goal: string;
  measured: string;
  pass: boolean;
}

export interface BenchSection {
  title: string;
  /** One row per measurement; every row has the same keys (the table columns). */
  table: Record<string, string | number>[];
  goals: BenchGoal[];
  notes: string[];
}

export interface BenchSuite {
  name: string;
  ownDatabases?: false;
  run(ctx: BenchContext): Promise<BenchSection[]>;
}

/** A suite that builds its own databases (the comuni suite): run.ts prepares no shared one for it. */
export interface OwnDatabasesSuite {
  name: string;
  ownDatabases: true;
  run(ctx: Pick<BenchContext, 'log'>): Promise<BenchSection[]>;
  /** Builds (or checks) its databases without measuring anything: `npm run bench -- --prepare-only`. */
  prepare(ctx: Pick<BenchContext, 'log'>): Promise<string[]>;
}

export type AnyBenchSuite = BenchSuite | OwnDatabasesSuite;
