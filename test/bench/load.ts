// A small closed-loop HTTP load generator: `connections` workers, each sending its next request as soon
// as the previous answer is read, over keep-alive sockets. Latencies are recorded after a warm-up.
import http from 'node:http';

export interface LoadRequest {
  path: string;
  body: string;
  headers?: Record<string, string>;
}

export interface LoadOptions {
  url: string;
  connections: number;
  durationMs: number;
  warmupMs?: number;
  next(i: number): LoadRequest;
  /** True when the answer counts as a success; may also collect data from it. */
  accept(status: number, body: string, request: LoadRequest): boolean;
}

export interface LoadResult {
  seconds: number;
  requests: number;
  ok: number;
  errors: number;
  /** The first few failed answers (status and start of the body), to say why. */
  errorSamples: string[];
  /** Successful answers per second over the measured window. */
  rps: number;
  latencyMs: { mean: number; p50: number; p90: number; p99: number; max: number };
}

function post(
  agent: http.Agent,
  base: URL,
  req: LoadRequest,
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const r = http.request(
      {
        agent,
        host: base.hostname,
        port: base.port,
        method: 'POST',
        path: req.path,
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(req.body),
          ...req.headers,
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
        );
        res.on('error', reject);
      },
    );
    r.on('error', reject);
    r.end(req.body);
  });
}

function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const base = new URL(options.url);
  const agent = new http.Agent({ keepAlive: true, maxSockets: options.connections });
  const started = performance.now();
  const measureFrom = started + (options.warmupMs ?? 0);
  const end = measureFrom + options.durationMs;
  const latencies: number[] = [];
  let counter = 0;
  let ok = 0;
  let errors = 0;
  const errorSamples: string[] = [];
  const worker = async () => {
    for (let now = performance.now(); now < end; now = performance.now()) {
      const request = options.next(counter++);
      const t0 = performance.now();
      let good = false;
      try {
        const res = await post(agent, base, request);
        good = options.accept(res.status, res.body, request);
        if (!good && errorSamples.length < 3)
          errorSamples.push(`${res.status} ${res.body.slice(0, 300)}`);
      } catch (error) {
        if (errorSamples.length < 3) errorSamples.push(String(error));
      }
      const t1 = performance.now();
      if (t0 >= measureFrom && t1 <= end) {
        latencies.push(t1 - t0);
        if (good) ok += 1;
        else errors += 1;
      }
    }
  };
  await Promise.all(Array.from({ length: options.connections }, worker));
  agent.destroy();
  const sorted = Float64Array.from(latencies).sort();
  const seconds = options.durationMs / 1000;
  const round = (x: number) => Math.round(x * 100) / 100;
  return {
    seconds,
    requests: latencies.length,
    ok,
    errors,
    errorSamples,
    rps: round(ok / seconds),
    latencyMs: {
      mean: round(latencies.reduce((a, b) => a + b, 0) / Math.max(1, latencies.length)),
      p50: round(percentile(sorted, 50)),
      p90: round(percentile(sorted, 90)),
      p99: round(percentile(sorted, 99)),
      max: round(sorted.at(-1) ?? 0),
    },
  };
}
