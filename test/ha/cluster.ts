// A pg_auto_failover cluster on this machine for the failover test: a monitor and two nodes, each its own
// port and data directory under one temp dir owned by the `postgres` user (pg_autoctl refuses root), with
// the monitor's health checks tuned for a fast failover. stop() ends every process it started.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { chown, mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';

const run = promisify(execFile);
const PG_CTL = '/usr/lib/postgresql/15/bin/pg_ctl';
export const MONITOR_PORT = 55431;
export const NODE_PORTS = [55432, 55433] as const;
export const DB_NAME = 'segnala';

/** The monitor's settings (all reloadable): a node is failed over after ~3 s without answers. */
export const MONITOR_SETTINGS: Record<string, number> = {
  'pgautofailover.health_check_period': 1000,
  'pgautofailover.health_check_timeout': 1000,
  'pgautofailover.health_check_max_retries': 1,
  'pgautofailover.health_check_retry_delay': 500,
  'pgautofailover.node_considered_unhealthy_timeout': 3000,
  // The new primary stays read-only this long, for an old primary cut off from the monitor to demote
  // itself first: it must exceed the nodes' timeout.network_partition_timeout (set below).
  'pgautofailover.primary_demote_timeout': 5000,
};
/** Keeper setting on each node (seconds): a primary cut off from the monitor and its standby demotes itself. */
const NETWORK_PARTITION_TIMEOUT_S = 3;

export function nodeUrl(port: number): string {
  return `postgres://postgres@127.0.0.1:${port}/${DB_NAME}`;
}

/** The multi-host URL Segnala is given: both nodes, the writable one wanted. */
export const MULTI_HOST_URL = `postgres://postgres@${NODE_PORTS.map((p) => `127.0.0.1:${p}`).join(',')}/${DB_NAME}?target_session_attrs=read-write`;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function postgresUid(): Promise<{ uid: number; gid: number }> {
  const uid = Number((await run('id', ['-u', 'postgres'])).stdout.trim());
  const gid = Number((await run('id', ['-g', 'postgres'])).stdout.trim());
  return { uid, gid };
}

export interface NodeState {
  port: number;
  reported: string;
  goal: string;
}

export class Cluster {
  private readonly children: ChildProcess[] = [];
  private constructor(
    readonly dir: string,
    private readonly log: (line: string) => void,
  ) {}

  static async create(log: (line: string) => void): Promise<Cluster> {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'segnala-ha-'));
    const { uid, gid } = await postgresUid();
    await chown(dir, uid, gid);
    return new Cluster(dir, log);
  }

  private env(): string[] {
    // pg_autoctl keeps its config and state under XDG dirs: inside our temp dir, gone with it.
    return [`XDG_CONFIG_HOME=${this.dir}/config`, `XDG_DATA_HOME=${this.dir}/share`];
  }

  /** Runs pg_autoctl as postgres in its own process group (so that it can be killed whole). */
  private spawnAutoctl(name: string, args: string[]): ChildProcess {
    const child = spawn(
      'runuser',
      ['-u', 'postgres', '--', 'env', ...this.env(), 'pg_autoctl', ...args],
      {
        detached: true,
        stdio: ['ignore', 'ignore', 'pipe'],
      },
    );
    const lines: string[] = [];
    child.stderr?.on('data', (chunk: Buffer) => {
      lines.push(...chunk.toString().split('\n').filter(Boolean));
      lines.splice(0, Math.max(0, lines.length - 40));
    });
    child.on('exit', (code, signal) => {
      if (!this.stopping && signal !== 'SIGKILL')
        this.log(
          `${name}: pg_autoctl exited (${code ?? signal}); last lines:\n${lines.slice(-8).join('\n')}`,
        );
    });
    this.children.push(child);
    return child;
  }

  private stopping = false;

  async autoctl(args: string[]): Promise<string> {
    const { stdout } = await run(
      'runuser',
      ['-u', 'postgres', '--', 'env', ...this.env(), 'pg_autoctl', ...args],
      {
        timeout: 30_000,
      },
    );
    return stdout;
  }

  pgdata(name: string): string {
    return path.join(this.dir, name);
  }

  async startMonitor(): Promise<void> {
    this.spawnAutoctl('monitor', [
      'create',
      'monitor',
      '--pgdata',
      this.pgdata('monitor'),
      '--pgport',
      String(MONITOR_PORT),
      '--hostname',
      '127.0.0.1',
      '--auth',
      'trust',
      '--no-ssl',
      '--pgctl',
      PG_CTL,
      '--run',
    ]);
    await this.waitFor('monitor ready', 60_000, async () => {
      await this.monitorQuery('select 1');
      return true;
    });
    for (const [name, value] of Object.entries(MONITOR_SETTINGS))
      await this.monitorQuery(`alter system set ${name} = ${value}`);
    await this.monitorQuery('select pg_reload_conf()');
  }

  async startNode(index: number): Promise<void> {
    const port = NODE_PORTS[index];
    this.spawnAutoctl(`node${index + 1}`, [
      'create',
      'postgres',
      '--pgdata',
      this.pgdata(`node${index + 1}`),
      '--pgport',
      String(port),
      '--monitor',
      `postgres://autoctl_node@127.0.0.1:${MONITOR_PORT}/pg_auto_failover`,
      '--hostname',
      '127.0.0.1',
      '--dbname',
      DB_NAME,
      '--auth',
      'trust',
      '--no-ssl',
      '--pgctl',
      PG_CTL,
      '--name',
      `node${index + 1}`,
      '--run',
    ]);
  }

  /** Keeper timeouts, once a node's config exists (pg_autoctl reload makes the keeper read it). */
  async tuneNode(index: number): Promise<void> {
    const pgdata = this.pgdata(`node${index + 1}`);
    await this.autoctl([
      'config',
      'set',
      '--pgdata',
      pgdata,
      'timeout.network_partition_timeout',
      String(NETWORK_PARTITION_TIMEOUT_S),
    ]);
    await this.autoctl(['reload', '--pgdata', pgdata]);
  }

  async monitorQuery<Row extends object>(text: string, values: unknown[] = []): Promise<Row[]> {
    return queryOnce<Row>(
      `postgres://postgres@127.0.0.1:${MONITOR_PORT}/pg_auto_failover`,
      text,
      values,
    );
  }

  async states(): Promise<NodeState[]> {
    return this.monitorQuery<NodeState>(
      'select nodeport as port, reportedstate as reported, goalstate as goal from pgautofailover.node order by nodeport',
    );
  }

  async waitFor(
    what: string,
    timeoutMs: number,
    check: () => Promise<boolean>,
    everyMs = 250,
  ): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    let last: unknown;
    while (Date.now() < deadline) {
      try {
        if (await check()) return;
      } catch (error) {
        last = error;
      }
      await sleep(everyMs);
    }
    throw new Error(
      `timed out after ${timeoutMs} ms waiting for ${what}${last ? `: ${String(last)}` : ''}`,
    );
  }

  async waitForStates(
    want: Record<number, string>,
    timeoutMs: number,
    meanwhile?: () => Promise<void>,
  ): Promise<void> {
    await this.waitFor(
      `nodes ${JSON.stringify(want)}`,
      timeoutMs,
      async () => {
        await meanwhile?.().catch(() => undefined);
        const states = await this.states();
        return Object.entries(want).every(([port, state]) =>
          states.some((s) => s.port === Number(port) && s.reported === state && s.goal === state),
        );
      },
      1000,
    );
  }

  async postmasterPid(name: string): Promise<number | undefined> {
    const text = await readFile(path.join(this.pgdata(name), 'postmaster.pid'), 'utf8').catch(
      () => '',
    );
    const pid = Number(text.split('\n')[0]);
    return pid > 0 ? pid : undefined;
  }

  /**
   * The primary's machine dies: SIGKILL to its postmaster and, at once, to its pg_autoctl (which would
   * otherwise restart Postgres in place, and no failover would happen).
   */
  async killNode(index: number): Promise<void> {
    const pid = await this.postmasterPid(`node${index + 1}`);
    if (!pid) throw new Error(`node${index + 1} has no postmaster`);
    process.kill(pid, 'SIGKILL');
    const keeper = this.children[index + 1];
    if (keeper.pid) process.kill(-keeper.pid, 'SIGKILL');
  }

  /** Ends every process started here (process groups, then any postmaster left) and removes the dir. */
  async stop(): Promise<void> {
    this.stopping = true;
    for (const child of this.children) {
      if (child.pid && child.exitCode === null) {
        try {
          process.kill(-child.pid, 'SIGTERM');
        } catch {
          // already gone
        }
      }
    }
    await sleep(1500);
    for (const child of this.children) {
      try {
        if (child.pid) process.kill(-child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    for (const name of ['node1', 'node2', 'monitor']) {
      const pid = await this.postmasterPid(name);
      try {
        if (pid) process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    await sleep(300);
    await rm(this.dir, { recursive: true, force: true });
  }
}

/** One query on a fresh connection with bounded waits (the cluster is changing under us). */
export async function queryOnce<Row extends object>(
  url: string,
  text: string,
  values: unknown[] = [],
): Promise<Row[]> {
  const client = new pg.Client({
    connectionString: url,
    connectionTimeoutMillis: 3000,
    query_timeout: 10_000,
  });
  client.on('error', () => undefined);
  await client.connect();
  try {
    return (await client.query<Row>(text, values)).rows;
  } finally {
    await client.end().catch(() => undefined);
  }
}
