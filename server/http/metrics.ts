// The Prometheus metrics of one process (prom-client, its own registry): Node's default process metrics,
// HTTP and GraphQL latency, GraphQL errors by code, reports received, the pool, the workers' last
// rounds, and the database gauges (mail and webhook backlog, rollup compaction lag) read once per scrape.
// Every label has a bounded set of values: route patterns, status codes, error codes from the one list
// formatError can send, and at most MAX_OPERATION_NAMES operation names.
import type pg from 'pg';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { readObservedGauges } from '../db/observability.queries.js';
import { readReplicaState } from '../db/replica.queries.js';
import type { Workers } from '../domain/heartbeat.js';
import { CLIENT_ERROR_CODES } from '../graphql/format-error.js';

/** Operation names beyond this many distinct ones (clients choose them) are counted as "(other)". */
export const MAX_OPERATION_NAMES = 100;

const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export interface Metrics {
  registry: Registry;
  observeHttp(method: string, route: string, status: number, seconds: number): void;
  observeGraphql(operation: string | undefined, type: string, seconds: number): void;
  countGraphqlError(code: unknown): void;
  countReportReceived(): void;
  /** The exposition text; refreshes the database gauges first. */
  scrape(): Promise<string>;
}

/** The analytics replica's lag is read with this deadline per scrape (a replica down must not stall it). */
const REPLICA_READ_MS = 2000;

export function createMetrics(options: {
  pool: pg.Pool;
  /** ANALYTICS_DATABASE_URL's pool: its lag and connections are shown when it is not `pool`. */
  analyticsPool?: pg.Pool;
  workers: Workers;
  warn: (message: string) => void;
}): Metrics {
  const { pool, workers } = options;
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const registers = [registry];

  const http = new Histogram({
    name: 'segnala_http_request_duration_seconds',
    help: 'HTTP requests by method, route pattern and status code',
    labelNames: ['method', 'route', 'status'],
    buckets: LATENCY_BUCKETS,
    registers,
  });
  const graphql = new Histogram({
    name: 'segnala_graphql_operation_duration_seconds',
    help: 'GraphQL operations by operation name and type, from the request to the response',
    labelNames: ['operation', 'type'],
    buckets: LATENCY_BUCKETS,
    registers,
  });
  const errors = new Counter({
    name: 'segnala_graphql_errors_total',
    help: 'GraphQL errors sent to clients, by extensions.code',
    labelNames: ['code'],
    registers,
  });
  const reports = new Counter({
    name: 'segnala_reports_received_total',
    help: 'submitReport mutations answered with a ticket',
    registers,
  });
  new Gauge({
    name: 'segnala_db_pool_in_use',
    help: 'Pool connections checked out',
    registers,
    collect() {
      this.set(pool.totalCount - pool.idleCount);
    },
  });
  new Gauge({
    name: 'segnala_db_pool_waiting',
    help: 'Queries waiting for a pool connection',
    registers,
    collect() {
      this.set(pool.waitingCount);
    },
  });
  new Gauge({
    name: 'segnala_db_pool_max',
    help: 'Pool size',
    registers,
    collect() {
      this.set(pool.options.max ?? 10);
    },
  });
  new Gauge({
    name: 'segnala_worker_seconds_since_success',
    help: 'Seconds since the last successful round of each background worker',
    labelNames: ['worker'],
    registers,
    collect() {
      this.reset();
      const now = Date.now();
      for (const { heartbeat } of workers.all())
        this.set({ worker: heartbeat.name }, (now - heartbeat.lastAt) / 1000);
    },
  });
  const unsent = gauge(registry, 'segnala_outbox_unsent', 'Mails in the outbox not sent yet');
  const due = gauge(registry, 'segnala_outbox_due', 'Unsent mails due now (not waiting a retry)');
  const oldestDue = gauge(
    registry,
    'segnala_outbox_oldest_due_seconds',
    'How long the oldest due mail has been due (0 when none is): grows when the sender falls behind',
  );
  const uncompacted = gauge(
    registry,
    'segnala_rollup_uncompacted_rows',
    'Rollup rows the triggers appended since the last compaction',
  );
  const webhookPending = gauge(
    registry,
    'segnala_webhook_pending',
    'Webhook deliveries not delivered nor given up yet (paused subscriptions included)',
  );
  const webhookDue = gauge(
    registry,
    'segnala_webhook_due',
    'Webhook deliveries to active subscriptions due now (not waiting a retry)',
  );
  const webhookOldestDue = gauge(
    registry,
    'segnala_webhook_oldest_due_seconds',
    'How long the oldest due webhook delivery has been due (0 when none is): grows when the sender falls behind',
  );
  const databaseGauges = [
    unsent,
    due,
    oldestDue,
    uncompacted,
    webhookPending,
    webhookDue,
    webhookOldestDue,
  ];
  const analytics =
    options.analyticsPool && options.analyticsPool !== pool ? options.analyticsPool : undefined;
  const replicaLag = analytics
    ? gauge(
        registry,
        'segnala_analytics_replica_lag_seconds',
        'Seconds the analytics database (ANALYTICS_DATABASE_URL) lags behind the primary; NaN when it cannot be read',
      )
    : undefined;
  if (analytics)
    new Gauge({
      name: 'segnala_analytics_pool_in_use',
      help: 'Analytics pool connections checked out (planner queries and exports)',
      registers,
      collect() {
        this.set(analytics.totalCount - analytics.idleCount);
      },
    });

  async function readReplicaLag(): Promise<void> {
    if (!analytics || !replicaLag) return;
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => reject(new Error('timeout')), REPLICA_READ_MS);
    });
    try {
      const state = await Promise.race([readReplicaState(analytics), deadline]);
      replicaLag.set(state.lag_seconds ?? 0);
    } catch {
      replicaLag.set(Number.NaN);
    } finally {
      clearTimeout(timer);
    }
  }

  const operationNames = new Set<string>();
  function operationLabel(name: string | undefined): string {
    if (!name) return '(anonymous)';
    if (name.startsWith('(') || operationNames.has(name)) return name;
    if (operationNames.size >= MAX_OPERATION_NAMES) return '(other)';
    operationNames.add(name);
    return name;
  }

  return {
    registry,
    observeHttp(method, route, status, seconds) {
      http.observe({ method, route, status: String(status) }, seconds);
    },
    observeGraphql(operation, type, seconds) {
      graphql.observe({ operation: operationLabel(operation), type }, seconds);
    },
    countGraphqlError(code) {
      errors.inc({
        code: typeof code === 'string' && CLIENT_ERROR_CODES.has(code) ? code : 'OTHER',
      });
    },
    countReportReceived() {
      reports.inc();
    },
    async scrape() {
      const lag = readReplicaLag();
      try {
        const row = await readObservedGauges(pool);
        unsent.set(row.outbox_unsent);
        due.set(row.outbox_due);
        oldestDue.set(row.outbox_oldest_due_seconds);
        uncompacted.set(row.rollup_uncompacted_rows);
        webhookPending.set(row.webhook_pending);
        webhookDue.set(row.webhook_due);
        webhookOldestDue.set(row.webhook_oldest_due_seconds);
      } catch (error) {
        // The scrape still answers (process and HTTP figures); the database figures are unknown, not 0.
        for (const g of databaseGauges) g.set(Number.NaN);
        options.warn(
          `Metrics: database gauges not read (${error instanceof Error ? error.name : 'error'})`,
        );
      }
      await lag;
      return registry.metrics();
    },
  };
}

function gauge(registry: Registry, name: string, help: string): Gauge {
  return new Gauge({ name, help, registers: [registry] });
}
