// What a Prometheus scrape of /metrics costs once the series are realistic: the whole server
// (startSegnala, with its workers) on a throwaway database, a few hundred mixed requests, then timed
// scrapes. Figures go to docs/operations.md.
//   tsx test/bench/metrics-scrape.ts postgres://postgres@127.0.0.1:5432/postgres
import { gzipSync } from 'node:zlib';
import pg from 'pg';
import { loadConfig } from '../../server/config.js';
import { createLogger } from '../../server/logger.js';
import { startSegnala } from '../../server/start.js';

const adminUrl = process.argv[2];
if (!adminUrl) throw new Error('usage: tsx test/bench/metrics-scrape.ts <admin database URL>');
const name = `segnala_scrape_${process.pid}`;
const admin = new pg.Client({ connectionString: adminUrl });
await admin.connect();
await admin.query(`create database ${name}`);
const url = new URL(adminUrl);
url.pathname = `/${name}`;
const segnala = await startSegnala(
  loadConfig({
    DATABASE_URL: url.toString(),
    PORT: '0',
    HOST: '127.0.0.1',
    SEGNALA_DEMO_TICKETS: '300',
    RATE_REPORTS_PER_HOUR_ADDRESS: '0',
    RATE_REPORTS_PER_HOUR_EMAIL: '0',
  }),
  createLogger('warn'),
);
const base = segnala.url.replace('localhost', '127.0.0.1');

async function gql(query: string): Promise<void> {
  const response = await fetch(`${base}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query }),
  });
  await response.arrayBuffer();
}

try {
  // 160 operation names (past the cap of 100: the most series a scrape can have), errors of several
  // codes, every route kind, 4xx and 404s.
  const requests: (() => Promise<void>)[] = [];
  for (let i = 0; i < 40; i++) {
    requests.push(() => gql(`query Op${i} { categories { code } }`));
    requests.push(() => gql(`query List${i} { tickets(first: 5) { edges { node { code } } } }`));
    requests.push(() => gql(`query Missing${i} { ticket(code: "ZZZZ-ZZZZ") { code } }`));
    requests.push(() => gql(`query Bad${i} { nope }`));
    requests.push(() =>
      fetch(`${base}/healthz`)
        .then((r) => r.arrayBuffer())
        .then(() => undefined),
    );
    requests.push(() =>
      fetch(`${base}/readyz`)
        .then((r) => r.arrayBuffer())
        .then(() => undefined),
    );
    requests.push(() =>
      fetch(`${base}/config.json`)
        .then((r) => r.arrayBuffer())
        .then(() => undefined),
    );
    requests.push(() =>
      fetch(`${base}/no/such/${i}`)
        .then((r) => r.arrayBuffer())
        .then(() => undefined),
    );
  }
  for (const request of requests) await request();

  const times: number[] = [];
  let text = '';
  for (let i = 0; i < 50; i++) {
    const started = performance.now();
    const response = await fetch(`${base}/metrics`);
    text = await response.text();
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  const samples = text.split('\n').filter((l) => l && !l.startsWith('#')).length;
  const segnala_ = text.split('\n').filter((l) => l.startsWith('segnala_')).length;
  const line = {
    requests: requests.length,
    bytes: Buffer.byteLength(text),
    // Prometheus asks for gzip, which @fastify/compress applies to /metrics like to any reply over 1 KB.
    gzipBytes: gzipSync(text).length,
    samples,
    segnalaSamples: segnala_,
    medianMs: Number(times[25].toFixed(2)),
    p90Ms: Number(times[45].toFixed(2)),
    maxMs: Number(times[49].toFixed(2)),
  };
  process.stdout.write(`${JSON.stringify(line, null, 2)}\n`);
} finally {
  await segnala.stop();
  await admin.query(`drop database if exists ${name} with (force)`);
  await admin.end();
}
