// Starts the real server process (npm start's entry) on the embedded database, queries it over HTTP,
// stops it with SIGTERM and starts it again on the same data directory.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../..');

function freePort(): Promise<number> {
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

interface Running {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

async function startServer(dataDir: string, port: number): Promise<Running> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: ROOT,
    env: {
      ...process.env,
      DATABASE_URL: '',
      PORT: String(port),
      HOST: '127.0.0.1',
      SEGNALA_DATA_DIR: dataDir,
      SEGNALA_DEMO_TICKETS: '20',
      LOG_LEVEL: 'info',
      SMTP_URL: '',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (d) => (output += String(d)));
  child.stderr?.on('data', (d) => (output += String(d)));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const deadline = Date.now() + 240_000;
  while (!output.includes('listening on')) {
    if (child.exitCode !== null) throw new Error(`server exited early:\n${output}`);
    if (Date.now() > deadline) throw new Error(`server did not start:\n${output}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  return { child, output: () => output, exited };
}

async function graphql(port: number, query: string) {
  const response = await fetch(`http://127.0.0.1:${port}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query }),
  });
  return (await response.json()) as { data: Record<string, unknown> };
}

const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

describe('the server process', () => {
  it('serves categories, stops cleanly on SIGTERM and finds the same data on the next start', async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'segnala-process-'));
    dirs.push(dataDir);
    const port = await freePort();

    const first = await startServer(dataDir, port);
    const categories = (await graphql(port, '{ categories { code } }')).data
      .categories as unknown[];
    expect(categories.length).toBeGreaterThan(5);
    const municipality = (await graphql(port, '{ municipality { istatCode } }')).data.municipality;
    expect(municipality).toEqual({ istatCode: '046028' });
    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);
    expect(first.output()).toContain('Stopped cleanly');

    const second = await startServer(dataDir, port);
    expect(second.output()).not.toContain('First start');
    const again = (await graphql(port, '{ categories { code } }')).data.categories;
    expect(again).toEqual(categories);
    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);
  }, 480_000);
});
