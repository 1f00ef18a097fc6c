// Starts the real server process (npm start's entry) on the embedded database, queries it over HTTP,
// stops it with SIGTERM and starts it again on the same data directory.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort, graphqlAt as graphql, startServer } from '../helpers/server-process.js';

const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

describe('the server process', () => {
  it('serves categories, stops cleanly on SIGTERM and finds the same data on the next start', async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'segnala-process-'));
    dirs.push(dataDir);
    const port = await freePort();

    const first = await startServer(dataDir, port, { SEGNALA_DEMO_TICKETS: '20' });
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
