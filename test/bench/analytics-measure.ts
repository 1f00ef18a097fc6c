// Timing and HTTP helpers of the analytics bench: timings of repeated runs (median and p95), pairs run in
// alternating order, GraphQL POSTs that report the bytes
// on the wire per encoding, and the resident memory of a process read from /proc.
import { readFile } from 'node:fs/promises';
import http from 'node:http';
import type pg from 'pg';
import type { Queryable } from '../../server/db/pool.js';
import { pairOrder, spreadOf, type Spread } from './stats.js';

/** Wall times in ms of the runs, summed up as median and p95. */
export interface Timing extends Spread {
  samples: number[];
}

export function timingOf(samples: number[]): Timing {
  return { ...spreadOf(samples), samples };
}

async function elapsed(fn: () => Promise<unknown>): Promise<number> {
  const t = performance.now();
  await fn();
  return performance.now() - t;
}

/** Runs fn `runs` times after one warm-up; the wall times in ms. */
export async function time(runs: number, fn: () => Promise<unknown>): Promise<Timing> {
  await fn();
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) ms.push(await elapsed(fn));
  return timingOf(ms);
}

/**
 * Two ways to the same answer (GraphQL and its SQL baseline), each warmed up once, then `runs` rounds
 * that alternate which one goes first. Times of each, all runs and split by the position it ran in.
 */
export async function timePair(
  runs: number,
  a: () => Promise<unknown>,
  b: () => Promise<unknown>,
): Promise<{ a: PairTiming; b: PairTiming }> {
  await a();
  await b();
  const ms = { a: [[], []] as number[][], b: [[], []] as number[][] };
  for (let run = 0; run < runs; run++) {
    for (const [position, key] of pairOrder<'a' | 'b'>(run, 'a', 'b').entries())
      ms[key][position].push(await elapsed(key === 'a' ? a : b));
  }
  const of = (m: number[][]): PairTiming => ({
    ...timingOf([...m[0], ...m[1]]),
    first: timingOf(m[0]),
    second: timingOf(m[1]),
  });
  return { a: of(ms.a), b: of(ms.b) };
}

export interface PairTiming extends Timing {
  /** The runs in which it went first, and those in which it went second. */
  first: Timing;
  second: Timing;
}

export interface HttpResult {
  status: number;
  /** Bytes received on the wire (compressed when the server compressed). */
  bytes: number;
  encoding: string | null;
  body: Buffer;
}

/** A raw HTTP request (no automatic decompression, so the byte count is the wire size). */
export function request(
  url: string,
  options: {
    method?: string;
    headers?: Record<string, string>;
    body?: string;
    keepBody?: boolean;
    onData?: (chunk: Buffer) => void;
  },
): Promise<HttpResult> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      { method: options.method ?? 'GET', headers: options.headers },
      (res) => {
        const chunks: Buffer[] = [];
        let bytes = 0;
        res.on('data', (c: Buffer) => {
          bytes += c.length;
          options.onData?.(c);
          if (options.keepBody !== false) chunks.push(c);
        });
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            bytes,
            encoding: (res.headers['content-encoding'] as string | undefined) ?? null,
            body: Buffer.concat(chunks),
          }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    if (options.body) req.write(options.body);
    req.end();
  });
}

export function graphql(
  url: string,
  token: string,
  query: string,
  variables: Record<string, unknown> = {},
  encoding = 'identity',
): Promise<HttpResult> {
  return request(`${url}/graphql`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      authorization: `Bearer ${token}`,
      'accept-encoding': encoding,
    },
    body: JSON.stringify({ query, variables }),
  }).then((r) => {
    if (r.status !== 200 || (r.encoding === null && r.body.includes('"errors"')))
      throw new Error(`GraphQL ${r.status}: ${r.body.toString().slice(0, 300)}`);
    return r;
  });
}

/** Resident set size (VmRSS) and its peak so far (VmHWM) of a Linux process, in MiB. */
export async function memoryOf(pid: number): Promise<{ rssMiB: number; peakMiB: number }> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kb = (key: string) => Number(status.match(new RegExp(`${key}:\\s+(\\d+)`))?.[1] ?? 0);
  return { rssMiB: Math.round(kb('VmRSS') / 1024), peakMiB: Math.round(kb('VmHWM') / 1024) };
}

/**
 * CPU time the PostgreSQL backend spends on `run`, read from /proc/<backend pid>/stat (utime + stime, in clock
 * ticks of 10 ms) with parallel workers off, so all the work is in that one process. Unlike wall time this
 * does not grow when other jobs load the machine: it is what the query costs one idle core.
 */
export async function backendCpuMs(
  pool: pg.Pool,
  settings: string,
  run: (db: Queryable) => Promise<unknown>,
): Promise<number> {
  const client = await pool.connect();
  try {
    const pid = (await client.query<{ pid: number }>('select pg_backend_pid() as pid')).rows[0].pid;
    await client.query(
      `begin read only; ${settings}; set local max_parallel_workers_per_gather = 0`,
    );
    const ticks = async () => {
      const fields = (await readFile(`/proc/${pid}/stat`, 'utf8')).split(') ')[1].split(' ');
      return Number(fields[11]) + Number(fields[12]);
    };
    const db: Queryable = {
      query: ((...args: unknown[]) =>
        (client.query as (...a: unknown[]) => Promise<unknown>)(...args)) as Queryable['query'],
    };
    await run(db);
    const before = await ticks();
    await run(db);
    const after = await ticks();
    await client.query('commit');
    return (after - before) * 10;
  } finally {
    client.release();
  }
}
