// The one place that reads process.env. Every setting, its default and its meaning is listed in README.md.
import path from 'node:path';
import { StartupError } from './startup-error.js';

export interface Config {
  port: number;
  host: string;
  /** Real PostgreSQL ≥ 15 with PostGIS ≥ 3.3; unset means the embedded PGlite database. */
  databaseUrl: string | undefined;
  /** Folder for the embedded database and local mail files. */
  dataDir: string;
  /** Base URL citizens see in e-mails (tracking and unsubscribe links). */
  publicUrl: string;
  /** SMTP server URL (smtp://user:pass@host:port); unset writes .eml files under dataDir/mail. */
  smtpUrl: string | undefined;
  mailFrom: string;
  /** Secret for session and bearer JWTs; a random one is made per process when unset. */
  jwtSecret: string | undefined;
  demoPassword: string;
  /** Load ~2,000 demo tickets when an empty embedded database is created. */
  demoTickets: number;
  tileUrl: string | undefined;
  /** ISTAT code of the municipality this instance serves. */
  municipalityIstat: string;
  rateLimits: {
    reportsPerHourPerAddress: number;
    reportsPerHourPerEmail: number;
    joinsPerHourPerAddress: number;
    /** "Mi associo" per e-mail address per hour (RATE_JOINS_PER_HOUR_EMAIL). */
    joinsPerHourPerEmail: number;
  };
  /** Outbox sender: how often it looks for due mail (MAIL_POLL_MS), rows per batch (MAIL_BATCH_SIZE). */
  mailPollMs: number;
  mailBatchSize: number;
  /** Retry backoff after a failed send: base × 2^(attempts−1), capped (MAIL_RETRY_BASE_MS, MAIL_RETRY_MAX_MS). */
  mailRetryBaseMs: number;
  mailRetryMaxMs: number;
  /**
   * Staff login, within the window (LOGIN_WINDOW_MINUTES 15): failures allowed per e-mail from one address
   * before that address is locked out of it (LOGIN_MAX_FAILURES_ACCOUNT 5); per e-mail from all addresses
   * before every address is locked out of it except those it signed in from in the last 30 days
   * (LOGIN_MAX_FAILURES_ACCOUNT_ALL 20); per address, any e-mail, before RATE_LIMITED (LOGIN_MAX_FAILURES_ADDRESS 20).
   */
  loginLimits: {
    maxFailuresPerAccount: number;
    maxFailuresPerAccountAll: number;
    maxFailuresPerAddress: number;
    windowMinutes: number;
  };
  /** Lifetime of the bearer JWT returned by login (JWT_TTL_MINUTES, 60) and of the session cookie (SESSION_TTL_HOURS, 12). */
  jwtTtlMinutes: number;
  sessionTtlHours: number;
  isProduction: boolean;
  logLevel: string;
  /**
   * Whose X-Forwarded-For to believe for the client address (rate limits, audit): false (default)
   * believes nobody, so a client cannot pick its own address; true or a comma-separated list of proxy
   * addresses/CIDRs when Segnala runs behind a reverse proxy (TRUST_PROXY).
   */
  trustProxy: boolean | string;
  /** How often the analytics rollups are compacted (ROLLUP_COMPACT_SECONDS, 60; 0 = never, e.g. a read replica). */
  rollupCompactSeconds: number;
}

function int(value: string | undefined, fallback: number): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new Error(`Expected a whole number, got "${value}"`);
  return n;
}

/** A PostgreSQL URL, or a socket form pg understands; anything else pg would read as a host name. */
function parseDatabaseUrl(value: string | undefined): string | undefined {
  if (!value) return undefined;
  if (value.startsWith('/') || value.startsWith('socket:')) return value;
  const valid = /^postgres(ql)?:\/\//.test(value) && URL.canParse(value);
  if (valid) return value;
  // The value itself is not echoed: it may carry a password.
  throw new StartupError(
    'DATABASE_URL',
    'is not a PostgreSQL connection URL.',
    'Write it as postgres://user:password@host:5432/database, or unset it to use the embedded database.',
  );
}

/** NODE_ENV=development: start-up failures print their stack too. */
export function isDevelopment(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.NODE_ENV === 'development';
}

function parseTrustProxy(value: string | undefined): boolean | string {
  if (value === undefined || value === '' || value === 'false') return false;
  return value === 'true' ? true : value;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const port = int(env.PORT, 4000);
  return {
    port,
    host: env.HOST ?? '0.0.0.0',
    databaseUrl: parseDatabaseUrl(env.DATABASE_URL),
    dataDir: path.resolve(env.SEGNALA_DATA_DIR ?? '.data'),
    publicUrl: (env.PUBLIC_URL ?? `http://localhost:${port}`).replace(/\/$/, ''),
    smtpUrl: env.SMTP_URL || undefined,
    mailFrom: env.MAIL_FROM ?? 'Segnala – Comune di Seravezza <segnala@localhost>',
    jwtSecret: env.JWT_SECRET || undefined,
    demoPassword: env.SEGNALA_DEMO_PASSWORD ?? 'segnala-demo',
    demoTickets: int(env.SEGNALA_DEMO_TICKETS, 2000),
    tileUrl: env.TILE_URL || undefined,
    municipalityIstat: env.SEGNALA_MUNICIPALITY ?? '046028',
    rateLimits: {
      reportsPerHourPerAddress: int(env.RATE_REPORTS_PER_HOUR_ADDRESS, 10),
      reportsPerHourPerEmail: int(env.RATE_REPORTS_PER_HOUR_EMAIL, 10),
      joinsPerHourPerAddress: int(env.RATE_JOINS_PER_HOUR_ADDRESS, 30),
      joinsPerHourPerEmail: int(env.RATE_JOINS_PER_HOUR_EMAIL, 30),
    },
    mailPollMs: int(env.MAIL_POLL_MS, 2000),
    mailBatchSize: int(env.MAIL_BATCH_SIZE, 10),
    mailRetryBaseMs: int(env.MAIL_RETRY_BASE_MS, 30_000),
    mailRetryMaxMs: int(env.MAIL_RETRY_MAX_MS, 3_600_000),
    loginLimits: {
      maxFailuresPerAccount: int(env.LOGIN_MAX_FAILURES_ACCOUNT, 5),
      maxFailuresPerAccountAll: int(env.LOGIN_MAX_FAILURES_ACCOUNT_ALL, 20),
      maxFailuresPerAddress: int(env.LOGIN_MAX_FAILURES_ADDRESS, 20),
      windowMinutes: int(env.LOGIN_WINDOW_MINUTES, 15),
    },
    jwtTtlMinutes: int(env.JWT_TTL_MINUTES, 60),
    sessionTtlHours: int(env.SESSION_TTL_HOURS, 12),
    isProduction: env.NODE_ENV === 'production',
    logLevel: env.LOG_LEVEL ?? 'info',
    trustProxy: parseTrustProxy(env.TRUST_PROXY),
    rollupCompactSeconds: int(env.ROLLUP_COMPACT_SECONDS, 60),
  };
}
