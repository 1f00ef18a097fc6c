// Warm start of `npm start` (issue 18: under 3 s): the time from spawning the command to the first
// 200 of /readyz, over 5 starts of the embedded database after one priming start (which builds what
// is stale and, on a new data directory, loads the demo), with the median; and the median of each
// start-up phase the server logs ("Start-up: …", server/startup-phases.ts). Run it on a quiet
// machine: on a busy one every figure mostly measures the wait for a core.
//   npm run bench:warm-start                      (a throwaway data directory)
//   npm run bench:warm-start -- --data-dir .data  (an existing one, e.g. the demo's)
//   npm run bench:warm-start -- --direct          (node dist/server/main.js, without npm and the build check)
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    'data-dir': { type: 'string' },
    runs: { type: 'string', default: '5' },
    direct: { type: 'boolean', default: false },
  },
});
const RUNS = Number(values.runs);
const ROOT = path.resolve(import.meta.dirname, '../..');
const throwaway = values['data-dir']
  ? undefined
  : mkdtempSync(path.join(os.tmpdir(), 'segnala-warm-'));
const dataDir = path.resolve(values['data-dir'] ?? (throwaway as string));
const [command, args] = values.direct
  ? ['node', ['dist/server/main.js']]
  : ['npm', ['start', '--silent']];

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
    server.on('error', reject);
  });
}

interface Phase {
  ms: number;
  /** CPU time of the server process in the phase (all threads): on a busy machine, the steadier figure. */
  cpuMs: number;
}

interface Start {
  readyMs: number;
  phases: Map<string, Phase>;
}

/** Phases of the "Start-up: name 12 ms (cpu 10), …" line. */
function parsePhases(log: string): Map<string, Phase> {
  const line = /"msg":"Start-up: ([^"]*)\."/.exec(log)?.[1] ?? '';
  const phases = new Map<string, Phase>();
  for (const m of line.matchAll(/([^,]+?) (\d+) ms \(cpu (\d+)\)/g))
    phases.set(m[1].trim(), { ms: Number(m[2]), cpuMs: Number(m[3]) });
  return phases;
}

async function start(timeoutMs: number): Promise<Start> {
  const port = await freePort();
  const began = performance.now();
  // Its own process group, so that SIGTERM reaches the server under npm too.
  const child = spawn(command, args, {
    cwd: ROOT,
    detached: true,
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', SEGNALA_DATA_DIR: dataDir },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  child.stdout.on('data', (chunk: Buffer) => (log += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (log += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let readyMs: number | undefined;
  try {
    while (performance.now() - began < timeoutMs) {
      if (child.exitCode !== null) throw new Error(`the server exited:\n${log}`);
      const ok = await fetch(`http://127.0.0.1:${port}/readyz`).then(
        (r) => r.ok,
        () => false,
      );
      if (ok) {
        readyMs = performance.now() - began;
        break;
      }
      await sleep(10);
    }
    if (readyMs === undefined) throw new Error(`not ready after ${timeoutMs} ms:\n${log}`);
  } finally {
    if (child.pid && child.exitCode === null) process.kill(-child.pid, 'SIGTERM');
    await exited;
  }
  // npm may end before the server it started has closed the database: the next start waits for the
  // data directory's lock to go, as an operator restarting by hand would.
  const lock = path.join(dataDir, 'pglite', 'segnala.lock');
  for (let waited = 0; existsSync(lock) && waited < 30_000; waited += 50) await sleep(50);
  return { readyMs, phases: parsePhases(log) };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

try {
  console.log(`${values.direct ? 'node dist/server/main.js' : 'npm start'}, data in ${dataDir}`);
  const priming = await start(600_000);
  console.log(`priming start (build check, first start if new): ${Math.round(priming.readyMs)} ms`);
  const starts: Start[] = [];
  for (let i = 1; i <= RUNS; i++) {
    const s = await start(120_000);
    starts.push(s);
    console.log(`warm start ${i}: ready in ${Math.round(s.readyMs)} ms`);
  }
  console.log(
    `median of ${RUNS} warm starts: ${Math.round(median(starts.map((s) => s.readyMs)))} ms`,
  );
  const cpu = (s: Start) => [...s.phases.values()].reduce((sum, p) => sum + p.cpuMs, 0);
  console.log(`median CPU time of the server to ready: ${Math.round(median(starts.map(cpu)))} ms`);
  console.log('median per phase (server log), wall and CPU:');
  for (const name of starts[0].phases.keys()) {
    const of = (pick: (p: Phase) => number) =>
      Math.round(median(starts.map((s) => pick(s.phases.get(name) ?? { ms: 0, cpuMs: 0 }))));
    console.log(`  ${name}: ${of((p) => p.ms)} ms (cpu ${of((p) => p.cpuMs)} ms)`);
  }
} finally {
  if (throwaway) rmSync(throwaway, { recursive: true, force: true });
}
