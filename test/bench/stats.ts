// How the bench sums up repeated runs: every figure is measured in BENCH_RUNS runs (at least 7 by
// default) and reported as the median and the 95th percentile of those runs, the percentile taken at
// the slow end (the high end of a time, the low end of a throughput).

/** Runs per measured figure (BENCH_RUNS, default 7; a smaller number only for a quick check of the bench itself). */
export const RUNS = Math.max(1, Number(process.env.BENCH_RUNS ?? 7));

/** Linear-interpolation percentile (as PostgreSQL's percentile_cont) of unsorted values. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const at = (p / 100) * (sorted.length - 1);
  const lo = Math.floor(at);
  const hi = Math.ceil(at);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (at - lo);
}

export interface Spread {
  runs: number;
  median: number;
  /** The slow-end 95th percentile: p95 of a time, p5 of a throughput. */
  p95: number;
}

const round = (x: number) => Math.round(x * 10) / 10;

export function spreadOf(values: readonly number[], higherIsBetter = false): Spread {
  return {
    runs: values.length,
    median: round(percentile(values, 50)),
    p95: round(percentile(values, higherIsBetter ? 5 : 95)),
  };
}

/** "median / p95" for a table cell. */
export function cell(s: Spread): string {
  return `${s.median} / ${s.p95}`;
}

/** The order of a pair in run r: alternate which one goes first, so neither always gets the cold start. */
export function pairOrder<T>(run: number, a: T, b: T): [T, T] {
  return run % 2 === 0 ? [a, b] : [b, a];
}
