// Spawns the real entry points (server/main.ts, server/mail/mail-worker.ts) as child processes.
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { createServer } from 'node:net';
import path from 'node:path';
import { testComune } from './test-comune.js';

export const ROOT = path.resolve(import.meta.dirname, '../..');

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address
          ? resolve(address.port)
          : reject(new Error('no port')),
      );
    });
  });
}

export interface Running {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

/** The environment of a spawned process: embedded database, quiet, no SMTP, overridable. */
export function processEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return {
    ...process.env,
    DATABASE_URL: '',
    HOST: '127.0.0.1',
    SEGNALA_DEMO_TICKETS: '0',
    // The "listening on" line it waits for is an info line of the server's pino log.
    LOG_LEVEL: 'info',
    SMTP_URL: '',
    NODE_ENV: 'test',
    // With SEGNALA_TEST_COMUNE the spawned server's default comune is that one, as in createTestDatabase.
    ...(testComune() ? { SEGNALA_MUNICIPALITY: testComune() } : {}),
    ...env,
  };
}

/** Spawns `node --import tsx <script>` in the project root, collecting stdout and stderr together. */
export function spawnScript(
  script: string,
  env: NodeJS.ProcessEnv,
  options: Pick<SpawnOptions, 'uid' | 'gid'> & { stdin?: 'pipe' | 'ignore' } = {},
): Running {
  const { stdin = 'ignore', ...ids } = options;
  const child = spawn(process.execPath, ['--import', 'tsx', script], {
    cwd: ROOT,
    env: processEnv(env),
    stdio: [stdin, 'pipe', 'pipe'],
    ...ids,
  });
  let output = '';
  child.stdout?.on('data', (d) => (output += String(d)));
  child.stderr?.on('data', (d) => (output += String(d)));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, output: () => output, exited };
}

/** Runs a process that is expected to end by itself; kills it after timeoutMs. */
export async function runToExit(
  script: string,
  env: NodeJS.ProcessEnv,
  timeoutMs: number,
  options: Pick<SpawnOptions, 'uid' | 'gid'> = {},
): Promise<{ code: number | null; output: string }> {
  const running = spawnScript(script, env, options);
  const timer = setTimeout(() => running.child.kill('SIGKILL'), timeoutMs);
  const code = await running.exited;
  clearTimeout(timer);
  return { code, output: running.output() };
}

/** Starts server/main.ts on the embedded database in dataDir and waits until it listens. */
export async function startServer(
  dataDir: string,
  port: number,
  env: NodeJS.ProcessEnv = {},
): Promise<Running> {
  const running = spawnScript('server/main.ts', {
    PORT: String(port),
    SEGNALA_DATA_DIR: dataDir,
    ...env,
  });
  const deadline = Date.now() + 240_000;
  while (!running.output().includes('listening on')) {
    if (running.child.exitCode !== null)
      throw new Error(`server exited early:\n${running.output()}`);
    if (Date.now() > deadline) {
      running.child.kill('SIGKILL');
      throw new Error(`server did not start:\n${running.output()}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return running;
}

export async function graphqlAt(port: number, query: string) {
  const response = await fetch(`http://127.0.0.1:${port}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query }),
  });
  return (await response.json()) as { data: Record<string, unknown> };
}
