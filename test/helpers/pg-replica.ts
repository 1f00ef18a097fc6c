// A throwaway PostgreSQL primary and its streaming hot standby on this machine, for the analytics
// replica test: initdb on a free port in a temp dir, then pg_basebackup -R of it started on another
// port, both run as the `postgres` user when we are root (PostgreSQL refuses to run as root), as
// test/ha/cluster.ts does with its nodes. stop() ends both servers and removes the directory.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { appendFile, chown, mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';

const run = promisify(execFile);
const BIN = '/usr/lib/postgresql/15/bin';
const TOOLS = ['initdb', 'pg_ctl', 'pg_basebackup'];

/** Why the pair cannot be made here, or undefined when it can. */
export function replicaUnsupported(): string | undefined {
  const missing = TOOLS.filter((tool) => !existsSync(path.join(BIN, tool)));
  if (missing.length > 0) return `PostgreSQL 15 server binaries missing (${missing.join(', ')})`;
  if (process.getuid?.() === 0 && !existsSync('/usr/sbin/runuser') && !existsSync('/sbin/runuser'))
    return 'running as root without runuser to become postgres';
  return undefined;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

export interface ReplicaPair {
  primaryPort: number;
  replicaPort: number;
  /** Superuser URLs of the `segnala` database on each server. */
  primaryUrl: string;
  replicaUrl: string;
  /** A superuser query on the standby (pause/resume replay, pg_stat_activity). */
  onReplica<Row extends object>(text: string): Promise<Row[]>;
  /** Waits until the standby has replayed everything the primary has written so far. */
  caughtUp(timeoutMs?: number): Promise<void>;
  /** Waits until the standby has received (not necessarily replayed) all the primary has written. */
  received(timeoutMs?: number): Promise<void>;
  stopReplica(): Promise<void>;
  stop(): Promise<void>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Makes the primary, lets `prepare` fill it (migrations, seed) and only then copies it, so that the
 * standby starts with the schema already there.
 */
export async function startReplicaPair(
  prepare: (primaryUrl: string) => Promise<void>,
): Promise<ReplicaPair> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'segnala-replica-'));
  const asRoot = process.getuid?.() === 0;
  if (asRoot) {
    const uid = Number((await run('id', ['-u', 'postgres'])).stdout.trim());
    const gid = Number((await run('id', ['-g', 'postgres'])).stdout.trim());
    await chown(dir, uid, gid);
  }
  const pgRun = (tool: string, args: string[]) =>
    asRoot
      ? run('runuser', ['-u', 'postgres', '--', path.join(BIN, tool), ...args], { timeout: 40_000 })
      : run(path.join(BIN, tool), args, { timeout: 40_000 });
  const primaryDir = path.join(dir, 'primary');
  const replicaDir = path.join(dir, 'replica');
  const [primaryPort, replicaPort] = [await freePort(), await freePort()];
  const started: string[] = [];
  const stopServer = async (data: string) => {
    await pgRun('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']).catch(() => undefined);
  };
  const stop = async () => {
    for (const data of started.reverse()) await stopServer(data);
    started.length = 0;
    await rm(dir, { recursive: true, force: true });
  };
  const url = (port: number) => `postgres://postgres@127.0.0.1:${port}/segnala`;
  try {
    await pgRun('initdb', [
      '-D',
      primaryDir,
      '-U',
      'postgres',
      '--auth=trust',
      '-E',
      'UTF8',
      '--no-sync',
    ]);
    // Test speed over durability; replication as a production standby would have it.
    await appendFile(
      path.join(primaryDir, 'postgresql.conf'),
      [
        "listen_addresses = '127.0.0.1'",
        `unix_socket_directories = '${dir}'`,
        'fsync = off',
        'full_page_writes = off',
        'shared_buffers = 32MB',
        'max_connections = 40',
        'wal_level = replica',
        'max_wal_senders = 4',
        'wal_keep_size = 128MB',
        'hot_standby = on',
        'hot_standby_feedback = on',
        '',
      ].join('\n'),
    );
    await pgRun('pg_ctl', [
      '-D',
      primaryDir,
      '-l',
      path.join(dir, 'primary.log'),
      '-o',
      `-p ${primaryPort}`,
      '-w',
      '-t',
      '30',
      'start',
    ]);
    started.push(primaryDir);
    const admin = new pg.Client({
      connectionString: `postgres://postgres@127.0.0.1:${primaryPort}/postgres`,
    });
    await admin.connect();
    await admin.query('create database segnala');
    await admin.end();
    await prepare(url(primaryPort));

    await pgRun('pg_basebackup', [
      '-D',
      replicaDir,
      '-R',
      '-X',
      'stream',
      '-c',
      'fast',
      '-h',
      '127.0.0.1',
      '-p',
      String(primaryPort),
      '-U',
      'postgres',
    ]);
    await pgRun('pg_ctl', [
      '-D',
      replicaDir,
      '-l',
      path.join(dir, 'replica.log'),
      '-o',
      `-p ${replicaPort}`,
      '-w',
      '-t',
      '30',
      'start',
    ]);
    started.push(replicaDir);
  } catch (error) {
    await stop();
    throw error;
  }

  async function once<Row extends object>(connectionString: string, text: string): Promise<Row[]> {
    const client = new pg.Client({ connectionString, connectionTimeoutMillis: 3000 });
    await client.connect();
    try {
      return (await client.query<Row>(text)).rows;
    } finally {
      await client.end();
    }
  }

  /** Polls the standby until `position` (its receive or replay LSN) passes the primary's LSN now. */
  async function reach(position: string, timeoutMs: number): Promise<void> {
    const [{ lsn }] = await once<{ lsn: string }>(
      url(primaryPort),
      'select pg_current_wal_lsn()::text as lsn',
    );
    const until = Date.now() + timeoutMs;
    for (;;) {
      const [{ done }] = await once<{ done: boolean }>(
        url(replicaPort),
        `select ${position} >= '${lsn}'::pg_lsn as done`,
      );
      if (done) return;
      if (Date.now() > until) throw new Error(`the standby's ${position} did not reach ${lsn}`);
      await sleep(100);
    }
  }

  return {
    primaryPort,
    replicaPort,
    primaryUrl: url(primaryPort),
    replicaUrl: url(replicaPort),
    onReplica: (text) => once(url(replicaPort), text),
    caughtUp: (timeoutMs = 15_000) => reach('pg_last_wal_replay_lsn()', timeoutMs),
    received: (timeoutMs = 15_000) => reach('pg_last_wal_receive_lsn()', timeoutMs),
    async stopReplica() {
      const at = started.indexOf(replicaDir);
      if (at < 0) return;
      started.splice(at, 1);
      await stopServer(replicaDir);
    },
    stop,
  };
}
