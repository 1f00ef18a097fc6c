// The one place that reads process.env. Every setting is one entry of SETTINGS: its variable, its
// type (a zod schema), its default and its meaning. loadConfig() validates all of them at once and
// names every bad one; README.md's configuration table is printed from the same entries
// (`npm run config:docs`), and a test keeps the two equal.
import { createHmac } from 'node:crypto';
import path from 'node:path';
import { z } from 'zod';
import { StartupError } from './startup-error.js';

export interface Config {
  port: number;
  host: string;
  /** Real PostgreSQL ≥ 15 with PostGIS ≥ 3.3; unset means the embedded PGlite database. */
  databaseUrl: string | undefined;
  /**
   * A hot standby (or plain streaming replica) of DATABASE_URL that serves the planner's analytics and
   * the exports, read-only; unset means they read DATABASE_URL like everything else.
   */
  analyticsDatabaseUrl: string | undefined;
  /** Folder for the embedded database and local mail files. */
  dataDir: string;
  /** Base URL citizens see in e-mails (tracking and unsubscribe links). */
  publicUrl: string;
  /** SMTP server URL (smtp://user:pass@host:port); unset writes .eml files under dataDir/mail. */
  smtpUrl: string | undefined;
  /** The deployment's default sender; comuneSettings() gives a comune's own (server/services/comune-settings.ts). */
  mailFrom: string;
  /** Secret for session and bearer JWTs; a random one is made per process when unset. */
  jwtSecret: string | undefined;
  /**
   * Key of the HMAC that turns a client address or e-mail into a rate-limit bucket (rate-limit.ts):
   * RATE_LIMIT_SECRET, else derived from JWT_SECRET, else a fixed development key (production always has
   * JWT_SECRET). Keyed, so a copy of rate_limit_counter cannot be reversed by hashing guessed addresses.
   */
  rateLimitSecret: string;
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
    /** "Mi associo" per e-mail address per hour. */
    joinsPerHourPerEmail: number;
    privacyRequestsPerHourPerAddress: number;
    privacyRequestsPerHourPerEmail: number;
    /** subscribeAlerts per client address and per e-mail address per hour. */
    alertsPerHourPerAddress: number;
    alertsPerHourPerEmail: number;
  };
  /** Outbox sender: how often it looks for due mail, rows per batch. */
  mailPollMs: number;
  mailBatchSize: number;
  /** Retry backoff after a failed send: base × 2^(attempts−1), capped. */
  mailRetryBaseMs: number;
  mailRetryMaxMs: number;
  /** Staff login limits within the window (see the README table for each). */
  loginLimits: {
    maxFailuresPerAccount: number;
    maxFailuresPerAccountAll: number;
    maxFailuresPerAddress: number;
    windowMinutes: number;
  };
  /** Lifetime of the bearer JWT returned by login and of the session cookie. */
  jwtTtlMinutes: number;
  sessionTtlHours: number;
  isProduction: boolean;
  logLevel: string;
  /** A request slower than this is logged at warn (faster ones at debug). */
  logSlowMs: number;
  /** Bearer token /metrics asks for; unset serves /metrics to loopback clients only. */
  metricsToken: string | undefined;
  /**
   * Whose X-Forwarded-For to believe for the client address (rate limits, audit): false believes
   * nobody, so a client cannot pick its own address; true or a list of proxy addresses/CIDRs.
   */
  trustProxy: boolean | string;
  /** How often the analytics rollups are compacted (0 = never, e.g. a read replica). */
  rollupCompactSeconds: number;
  /** How often the retention job runs; 0 = never. */
  retentionSeconds: number;
  /** How often the alert digest job runs (each subscription gets at most one digest a day); 0 = never. */
  alertDigestSeconds: number;
  /** DATABASE_URL is a Citus coordinator: distribute the tables by municipality_id after the migrations. */
  citus: boolean;
  uploads: {
    /** Photos accepted per hour from one address (0 = no limit). */
    perHourPerAddress: number;
    /** Bytes of photos received per hour from one address (0 = no limit). */
    bytesPerHourPerAddress: number;
    /** A photo no report has used is deleted after this many hours. */
    unlinkedTtlHours: number;
    /** How often unused photos are looked for (0 = never). */
    cleanupSeconds: number;
    /** Width × height above which a photo is refused before it is decoded. */
    maxPixels: number;
    /** Photos decoded at once and waiting for a turn. */
    decodeConcurrency: number;
    decodeQueue: number;
  };
  /** The webhook sender (server/webhooks/webhook-sender.ts) and the rules for webhook URLs. */
  webhooks: {
    pollMs: number;
    batchSize: number;
    /** Deliveries posted at once (to different tickets: one ticket's events go one after the other). */
    concurrency: number;
    timeoutMs: number;
    /** Retry backoff: base × 2^(attempts−1), capped; a delivery is given up this many hours after its event. */
    retryBaseMs: number;
    retryMaxMs: number;
    giveUpHours: number;
    /** Failed attempts in a row after which a subscription is paused and its owner mailed. */
    pauseAfterFailures: number;
    allowHttp: boolean;
    allowPrivateAddresses: boolean;
  };
}

interface Setting<T> {
  schema: z.ZodType<T>;
  /** A value that may hold a password: never repeated in an error message. */
  secret?: boolean;
  /** The default as the README shows it. */
  shown: string;
  meaning: string;
}

const count = (fallback: number) => z.coerce.number().int().min(0).default(fallback);
const url = (protocols: RegExp) =>
  z.string().refine(
    (value) => {
      try {
        return protocols.test(new URL(value).protocol);
      } catch {
        return false;
      }
    },
    `not a URL (expected ${protocols.source.replace(/[\^$()]/g, '').replace(/\|/g, ' or ')})`,
  );

function setting<T>(
  schema: z.ZodType<T>,
  shown: string,
  meaning: string,
  options: { secret?: boolean } = {},
): Setting<T> {
  return { schema, shown, meaning, ...options };
}

/**
 * A PostgreSQL connection URL as libpq reads it, several hosts included
 * (postgres://h1:5433,h2:5434/segnala), or a socket path; anything else pg would take for a host name.
 */
export function isPostgresUrl(value: string): boolean {
  if (value.startsWith('/') || value.startsWith('socket:')) return true;
  const match = /^postgres(?:ql)?:\/\/(?:[^@/?]*@)?([^/?]*)/.exec(value);
  if (!match) return false;
  const hosts = match[1].split(',');
  return (
    hosts.every((host) => URL.canParse(`postgres://${host}`)) &&
    URL.canParse(value.replace(match[1], hosts[0]))
  );
}

/** Every environment variable Segnala reads, in the order the README lists them. */
export const SETTINGS = {
  PORT: setting(z.coerce.number().int().min(0).max(65535).default(4000), '`4000`', 'HTTP port'),
  HOST: setting(z.string().min(1).default('0.0.0.0'), '`0.0.0.0`', 'interface to listen on'),
  DATABASE_URL: setting(
    z
      .string()
      .refine(
        isPostgresUrl,
        'is not a PostgreSQL connection URL. Write it as postgres://user:password@host:5432/database, or unset it to use the embedded database.',
      )
      .optional(),
    '*(unset)*',
    'real PostgreSQL (`postgres://user:password@host:5432/database`); unset = embedded PGlite in `$SEGNALA_DATA_DIR/pglite`; several hosts as libpq takes them (`postgres://h1:5433,h2:5434/segnala?target_session_attrs=read-write`, see `docs/high-availability.md`)',
    { secret: true },
  ),
  ANALYTICS_DATABASE_URL: setting(
    z
      .string()
      .refine(
        isPostgresUrl,
        'is not a PostgreSQL connection URL. Write it as postgres://user:password@replica:5432/database, or unset it to read analytics from DATABASE_URL.',
      )
      .refine(
        (value) => !/[?&]target_session_attrs=read-write(&|$)/.test(value),
        'asks for target_session_attrs=read-write, but analytics sessions are read-only: use standby or prefer-standby.',
      )
      .optional(),
    '*(unset)*',
    'a hot standby of `DATABASE_URL` (the HA secondary or a plain streaming replica) that serves the planning dashboard and the exports, so that a heavy export does not slow the offices; its sessions are read-only, writes always go to `DATABASE_URL`; a primary is accepted with a warning; needs `DATABASE_URL` (the embedded database has no replica); see `docs/high-availability.md`',
    { secret: true },
  ),
  SEGNALA_DATA_DIR: setting(
    z.string().min(1).default('.data'),
    '`.data`',
    'embedded database and local mail files; one process per directory (`pglite/segnala.lock`)',
  ),
  SEGNALA_MUNICIPALITY: setting(
    z
      .string()
      .regex(/^\d{6}$/, 'an ISTAT code is six digits')
      .default('046028'),
    '`046028`',
    'ISTAT code of the municipality served',
  ),
  SEGNALA_DEMO_TICKETS: setting(
    count(2000),
    '`2000`',
    'demo tickets generated on the first start of an empty database',
  ),
  SEGNALA_DEMO_PASSWORD: setting(
    z.string().min(1).default('segnala-demo'),
    '`segnala-demo`',
    'password of the demo staff accounts',
    { secret: true },
  ),
  PUBLIC_URL: setting(
    url(/^(https?:)$/).optional(),
    '`http://localhost:$PORT`',
    'base of the links in e-mails; required in production',
  ),
  SMTP_URL: setting(
    url(/^(smtps?:)$/).optional(),
    '*(unset)*',
    'e.g. `smtp://user:pass@mail.example.org:587`; unset = `.eml` files in `$SEGNALA_DATA_DIR/mail` (not allowed in production)',
    { secret: true },
  ),
  MAIL_FROM: setting(
    z.string().min(1).default('Segnala – Comune di {name} <segnala@localhost>'),
    '`Segnala – Comune di {name} <segnala@localhost>`',
    "the deployment's default sender of every mail (citizens, offices, invites); `{name}` becomes the comune's name. A comune's own `municipality.mail_from` wins; without `{name}`, comuni other than `SEGNALA_MUNICIPALITY` send from its address as `Comune di {name} – Segnala` (docs/many-comuni.md)",
  ),
  JWT_SECRET: setting(
    z.string().min(32, 'use at least 32 characters').optional(),
    '*(random per process)*',
    'secret for session and bearer tokens (at least 32 characters); required in production',
    { secret: true },
  ),
  RATE_LIMIT_SECRET: setting(
    z.string().min(32, 'use at least 32 characters').optional(),
    '*(derived from `JWT_SECRET`)*',
    'key of the HMAC that stores client addresses and e-mails in the rate-limit table (never the address itself); unset, it is derived from `JWT_SECRET` (a fixed development key when that is unset too)',
    { secret: true },
  ),
  TILE_URL: setting(
    url(/^(https?:)$/).optional(),
    '*(unset)*',
    'optional raster basemap (`https://…/{z}/{x}/{y}.png`); the default map is drawn offline from the boundary and streets',
  ),
  RATE_REPORTS_PER_HOUR_ADDRESS: setting(
    count(10),
    '`10`',
    'reports per hour from one address (an IPv6 client counts by its /64)',
  ),
  RATE_REPORTS_PER_HOUR_EMAIL: setting(count(10), '`10`', 'reports per hour from one e-mail'),
  RATE_JOINS_PER_HOUR_ADDRESS: setting(
    count(30),
    '`30`',
    '"mi associo" per hour from one address (an IPv6 client counts by its /64)',
  ),
  RATE_JOINS_PER_HOUR_EMAIL: setting(
    count(30),
    '`30`',
    '"mi associo" per hour from one e-mail (any rate limit set to `0` is off)',
  ),
  RATE_PRIVACY_REQUESTS_PER_HOUR_ADDRESS: setting(
    count(10),
    '`10`',
    "requests for a copy or the erasure of one's data (`requestMyData`, `requestErasure`) per hour from one address",
  ),
  RATE_PRIVACY_REQUESTS_PER_HOUR_EMAIL: setting(
    count(3),
    '`3`',
    'requests for a copy or the erasure of the data of one e-mail per hour',
  ),
  RATE_ALERTS_PER_HOUR_ADDRESS: setting(
    count(10),
    '`10`',
    'alert subscriptions (`subscribeAlerts`) asked per hour from one address',
  ),
  RATE_ALERTS_PER_HOUR_EMAIL: setting(
    count(5),
    '`5`',
    'alert subscriptions asked per hour for one e-mail',
  ),
  MAIL_POLL_MS: setting(count(2000), '`2000`', 'how often the outbox sender looks for due mail'),
  MAIL_BATCH_SIZE: setting(count(10), '`10`', 'outbox rows claimed per round'),
  MAIL_RETRY_BASE_MS: setting(
    count(30_000),
    '`30000`',
    'retry after a failed send: base × 2^(attempts−1), capped by `MAIL_RETRY_MAX_MS`; mail is never dropped',
  ),
  MAIL_RETRY_MAX_MS: setting(
    count(3_600_000),
    '`3600000`',
    'longest wait between two attempts of one mail',
  ),
  LOGIN_MAX_FAILURES_ACCOUNT: setting(
    count(5),
    '`5`',
    'failed logins for one e-mail from one address within the window before that address is locked out of the account',
  ),
  LOGIN_MAX_FAILURES_ACCOUNT_ALL: setting(
    count(20),
    '`20`',
    'failed logins for one e-mail from all addresses within the window before every address is locked out of it, except those the account signed in from in the last 30 days',
  ),
  LOGIN_MAX_FAILURES_ADDRESS: setting(
    count(20),
    '`20`',
    'failed logins per client address within the window before `RATE_LIMITED`',
  ),
  LOGIN_WINDOW_MINUTES: setting(count(15), '`15`', 'window of the login limits'),
  JWT_TTL_MINUTES: setting(count(60), '`60`', 'lifetime of the bearer token returned by `login`'),
  SESSION_TTL_HOURS: setting(count(12), '`12`', "lifetime of the dashboard's session cookie"),
  TRUST_PROXY: setting(
    z.string().default('false'),
    '`false`',
    "set to `true` or the proxy's addresses (comma-separated, CIDR allowed) when behind a reverse proxy, so that rate limits and the audit log see the real client address; left `false`, `X-Forwarded-For` is ignored and cannot be used to dodge the limits",
  ),
  RETENTION_SECONDS: setting(
    count(86400),
    '`86400`',
    "how often the retention job runs (`npm run retention`): reporters' and supporters' contacts, moderation originals, unlinked photos, rate-limit windows and old audit rows go after each comune's periods (`docs/privacy-masking-moderation-retention.md`); `0` = never",
  ),
  ALERT_DIGEST_SECONDS: setting(
    count(86400),
    '`86400`',
    'how often the alert digest job runs: each confirmed alert subscription gets one mail with the new public reports of its street or radius, at most once a day, none when there is nothing new; `0` = never',
  ),
  ROLLUP_COMPACT_SECONDS: setting(
    count(60),
    '`60`',
    'how often the planner aggregates kept by the database (`sql/033`) are folded into one row per group; `0` = never (figures stay right, reads get slower)',
  ),
  SEGNALA_CITUS: setting(
    z.enum(['true', 'false']).default('false'),
    '`false`',
    '`true`: `DATABASE_URL` is a Citus coordinator (the citus extension and PostGIS in its database on every node, the workers added); after the migrations every tenant table is distributed by `municipality_id`, co-located, and the shared tables (`municipality`, `territory`, `territory_part`, `platform_user`, `platform_session`) become reference tables (see `docs/scale.md`, "Citus")',
  ),
  UPLOADS_PER_HOUR_ADDRESS: setting(
    count(20),
    '`20`',
    'photos accepted per hour from one address (`0` = no limit)',
  ),
  UPLOAD_BYTES_PER_HOUR_ADDRESS: setting(
    // The counter is a 32-bit integer; one hour's budget must fit in it with a photo to spare.
    z.coerce.number().int().min(0).max(2_000_000_000).default(60_000_000),
    '`60000000`',
    'bytes of photos received per hour from one address, at most 2,000,000,000 (`0` = no limit)',
  ),
  UPLOAD_UNLINKED_TTL_HOURS: setting(
    z.coerce.number().int().min(1).default(24),
    '`24`',
    'a photo that no report used is deleted after this many hours, in every comune that set no `retention.unlinkedUploadHours` of its own',
  ),
  UPLOAD_CLEANUP_SECONDS: setting(
    count(600),
    '`600`',
    'how often unused photos are looked for (`0` = never)',
  ),
  UPLOAD_MAX_PIXELS: setting(
    z.coerce.number().int().min(1).default(40_000_000),
    '`40000000`',
    'width × height above which a photo is refused, read from its header before any decoding',
  ),
  UPLOAD_DECODE_CONCURRENCY: setting(
    z.coerce.number().int().min(1).default(2),
    '`2`',
    'photos decoded at once',
  ),
  UPLOAD_DECODE_QUEUE: setting(
    count(8),
    '`8`',
    'photos waiting for a decoding turn; past that an upload gets `503 SERVER_BUSY` with `Retry-After`',
  ),
  WEBHOOK_POLL_MS: setting(
    z.coerce.number().int().min(10).default(200),
    '`200`',
    'how often the webhook sender looks for due deliveries (it goes on at once while it finds some)',
  ),
  WEBHOOK_BATCH_SIZE: setting(
    z.coerce.number().int().min(1).default(200),
    '`200`',
    'webhook deliveries claimed per round',
  ),
  WEBHOOK_CONCURRENCY: setting(
    z.coerce.number().int().min(1).max(256).default(16),
    '`16`',
    "webhook deliveries posted at once (one ticket's events always one after the other, in order)",
  ),
  WEBHOOK_TIMEOUT_MS: setting(
    z.coerce.number().int().min(100).max(60_000).default(10_000),
    '`10000`',
    'the longest a receiver may take to answer a delivery (connection included) before the attempt fails',
  ),
  WEBHOOK_RETRY_BASE_MS: setting(
    z.coerce.number().int().min(1).default(30_000),
    '`30000`',
    'retry after a failed delivery: base × 2^(attempts−1), capped by `WEBHOOK_RETRY_MAX_MS`',
  ),
  WEBHOOK_RETRY_MAX_MS: setting(
    z.coerce.number().int().min(1).default(3_600_000),
    '`3600000`',
    'longest wait between two attempts of one delivery',
  ),
  WEBHOOK_GIVE_UP_HOURS: setting(
    z.coerce.number().min(0).default(24),
    '`24`',
    'a delivery still failing this many hours after its event is given up (state `FAILED`; `redeliverWebhook` sends it again)',
  ),
  WEBHOOK_PAUSE_AFTER_FAILURES: setting(
    z.coerce.number().int().min(1).default(100),
    '`100`',
    'failed attempts in a row (or one delivery given up) after which a subscription is paused and its owner mailed; `resumeWebhook` restarts it',
  ),
  WEBHOOK_ALLOW_HTTP: setting(
    z.enum(['true', 'false']).default('false'),
    '`false`',
    '`true` accepts `http://` webhook URLs (tests, a receiver on the same machine); otherwise only `https://`',
  ),
  WEBHOOK_ALLOW_PRIVATE_ADDRESSES: setting(
    z.enum(['true', 'false']).default('false'),
    '`false`',
    "`true` lets webhooks reach loopback, private and link-local addresses (tests, an integrator inside the comune's network); otherwise such URLs are refused, and checked again at every connection",
  ),
  LOG_LEVEL: setting(
    z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    '`info`',
    'pino log level: `fatal`, `error`, `warn`, `info`, `debug`, `trace` or `silent`',
  ),
  LOG_SLOW_MS: setting(
    z.coerce.number().int().min(1).default(1000),
    '`1000`',
    'a request taking longer is logged at `warn`; others get one line at `debug` (a failed one at `info` for 4xx, `error` for 5xx)',
  ),
  METRICS_TOKEN: setting(
    z.string().min(16, 'use at least 16 characters').optional(),
    '*(unset)*',
    '`/metrics` then asks for `Authorization: Bearer <token>` from anywhere; unset, it answers only connections from the loopback that no proxy forwarded (see `docs/operations.md`)',
  ),
  NODE_ENV: setting(
    z.string().optional(),
    '*(unset)*',
    '`production` requires `JWT_SECRET`, `PUBLIC_URL` and `SMTP_URL`, and marks the staff session cookie `Secure` even when `PUBLIC_URL` is `http:` (under `https:` it always is); `development` adds the stack to a start-up failure; clients never see internal details, whatever its value',
  ),
} satisfies Record<string, Setting<unknown>>;

type Values = { [K in keyof typeof SETTINGS]: z.output<(typeof SETTINGS)[K]['schema']> };

/** A setting that is missing or malformed; the message names every one of them. */
export class ConfigError extends StartupError {
  constructor(
    readonly settings: string[],
    /** One line per bad setting, each starting with its name. */
    readonly problems: string[],
  ) {
    super(
      settings.join(', '),
      // One bad setting is already named before the colon; several are each named in their line.
      problems.length === 1
        ? problems[0].slice(settings[0].length).replace(/^=\S*/, '').trim()
        : problems.join('; '),
      'Fix the settings named above: README.md lists each one with its type and default.',
    );
    this.name = 'ConfigError';
  }
}

/** Settings a production server cannot run without: what each one does. */
const REQUIRED_IN_PRODUCTION = {
  JWT_SECRET: 'sessions would end at every restart and differ between processes',
  PUBLIC_URL: 'links in e-mails would point to localhost',
  SMTP_URL: 'mail would only be written to files',
} as const;

function parseAll(env: NodeJS.ProcessEnv): Values {
  const names: string[] = [];
  const problems: string[] = [];
  const values: Record<string, unknown> = {};
  for (const [name, entry] of Object.entries(SETTINGS)) {
    const raw = env[name];
    // An empty variable counts as unset, as in a shell `VAR= npm start`.
    const result = (entry.schema as z.ZodType).safeParse(raw === '' ? undefined : raw);
    if (result.success) values[name] = result.data;
    else {
      const shown = (entry as Setting<unknown>).secret ? '' : `=${JSON.stringify(raw)}`;
      names.push(name);
      problems.push(`${name}${shown} ${result.error.issues.map((i) => i.message).join('; ')}`);
    }
  }
  // The embedded PGlite lives inside this process: nothing can replicate it.
  if (values.ANALYTICS_DATABASE_URL !== undefined && values.DATABASE_URL === undefined) {
    names.push('ANALYTICS_DATABASE_URL');
    problems.push(
      'ANALYTICS_DATABASE_URL needs DATABASE_URL: the embedded database (DATABASE_URL unset) cannot have a replica. Unset ANALYTICS_DATABASE_URL, or set DATABASE_URL to the primary it replicates.',
    );
  }
  if (env.NODE_ENV === 'production') {
    for (const [name, why] of Object.entries(REQUIRED_IN_PRODUCTION)) {
      if (env[name]) continue;
      names.push(name);
      problems.push(`${name} is required when NODE_ENV=production (${why})`);
    }
  }
  if (problems.length > 0) throw new ConfigError(names, problems);
  return values as Values;
}

/** NODE_ENV=development: start-up failures print their stack too. */
export function isDevelopment(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.NODE_ENV === 'development';
}

function parseTrustProxy(value: string): boolean | string {
  if (value === 'false') return false;
  return value === 'true' ? true : value;
}

/** Not a secret: only ever used where JWT_SECRET is unset, which production refuses. */
const DEVELOPMENT_RATE_LIMIT_KEY = 'segnala-development-rate-limit-key';

/** RATE_LIMIT_SECRET, or a key derived from JWT_SECRET (the JWT key itself never keys anything else). */
function rateLimitSecretOf(own: string | undefined, jwt: string | undefined): string {
  if (own) return own;
  if (!jwt) return DEVELOPMENT_RATE_LIMIT_KEY;
  return createHmac('sha256', jwt).update('segnala/rate-limit-buckets').digest('base64url');
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const v = parseAll(env);
  return {
    port: v.PORT,
    host: v.HOST,
    databaseUrl: v.DATABASE_URL,
    analyticsDatabaseUrl: v.ANALYTICS_DATABASE_URL,
    dataDir: path.resolve(v.SEGNALA_DATA_DIR),
    publicUrl: (v.PUBLIC_URL ?? `http://localhost:${v.PORT}`).replace(/\/$/, ''),
    smtpUrl: v.SMTP_URL,
    mailFrom: v.MAIL_FROM,
    jwtSecret: v.JWT_SECRET,
    rateLimitSecret: rateLimitSecretOf(v.RATE_LIMIT_SECRET, v.JWT_SECRET),
    demoPassword: v.SEGNALA_DEMO_PASSWORD,
    demoTickets: v.SEGNALA_DEMO_TICKETS,
    tileUrl: v.TILE_URL,
    municipalityIstat: v.SEGNALA_MUNICIPALITY,
    rateLimits: {
      reportsPerHourPerAddress: v.RATE_REPORTS_PER_HOUR_ADDRESS,
      reportsPerHourPerEmail: v.RATE_REPORTS_PER_HOUR_EMAIL,
      joinsPerHourPerAddress: v.RATE_JOINS_PER_HOUR_ADDRESS,
      joinsPerHourPerEmail: v.RATE_JOINS_PER_HOUR_EMAIL,
      privacyRequestsPerHourPerAddress: v.RATE_PRIVACY_REQUESTS_PER_HOUR_ADDRESS,
      privacyRequestsPerHourPerEmail: v.RATE_PRIVACY_REQUESTS_PER_HOUR_EMAIL,
      alertsPerHourPerAddress: v.RATE_ALERTS_PER_HOUR_ADDRESS,
      alertsPerHourPerEmail: v.RATE_ALERTS_PER_HOUR_EMAIL,
    },
    mailPollMs: v.MAIL_POLL_MS,
    mailBatchSize: v.MAIL_BATCH_SIZE,
    mailRetryBaseMs: v.MAIL_RETRY_BASE_MS,
    mailRetryMaxMs: v.MAIL_RETRY_MAX_MS,
    loginLimits: {
      maxFailuresPerAccount: v.LOGIN_MAX_FAILURES_ACCOUNT,
      maxFailuresPerAccountAll: v.LOGIN_MAX_FAILURES_ACCOUNT_ALL,
      maxFailuresPerAddress: v.LOGIN_MAX_FAILURES_ADDRESS,
      windowMinutes: v.LOGIN_WINDOW_MINUTES,
    },
    jwtTtlMinutes: v.JWT_TTL_MINUTES,
    sessionTtlHours: v.SESSION_TTL_HOURS,
    isProduction: v.NODE_ENV === 'production',
    logLevel: v.LOG_LEVEL,
    logSlowMs: v.LOG_SLOW_MS,
    metricsToken: v.METRICS_TOKEN,
    trustProxy: parseTrustProxy(v.TRUST_PROXY),
    rollupCompactSeconds: v.ROLLUP_COMPACT_SECONDS,
    retentionSeconds: v.RETENTION_SECONDS,
    alertDigestSeconds: v.ALERT_DIGEST_SECONDS,
    citus: v.SEGNALA_CITUS === 'true',
    uploads: {
      perHourPerAddress: v.UPLOADS_PER_HOUR_ADDRESS,
      bytesPerHourPerAddress: v.UPLOAD_BYTES_PER_HOUR_ADDRESS,
      unlinkedTtlHours: v.UPLOAD_UNLINKED_TTL_HOURS,
      cleanupSeconds: v.UPLOAD_CLEANUP_SECONDS,
      maxPixels: v.UPLOAD_MAX_PIXELS,
      decodeConcurrency: v.UPLOAD_DECODE_CONCURRENCY,
      decodeQueue: v.UPLOAD_DECODE_QUEUE,
    },
    webhooks: {
      pollMs: v.WEBHOOK_POLL_MS,
      batchSize: v.WEBHOOK_BATCH_SIZE,
      concurrency: v.WEBHOOK_CONCURRENCY,
      timeoutMs: v.WEBHOOK_TIMEOUT_MS,
      retryBaseMs: v.WEBHOOK_RETRY_BASE_MS,
      retryMaxMs: v.WEBHOOK_RETRY_MAX_MS,
      giveUpHours: v.WEBHOOK_GIVE_UP_HOURS,
      pauseAfterFailures: v.WEBHOOK_PAUSE_AFTER_FAILURES,
      allowHttp: v.WEBHOOK_ALLOW_HTTP === 'true',
      allowPrivateAddresses: v.WEBHOOK_ALLOW_PRIVATE_ADDRESSES === 'true',
    },
  };
}

/** README's configuration table, printed from SETTINGS. */
export function settingsTable(): string {
  const rows = Object.entries(SETTINGS).map(
    ([name, s]) => `| \`${name}\` | ${s.shown} | ${s.meaning} |`,
  );
  return ['| variable | default | meaning |', '| --- | --- | --- |', ...rows].join('\n');
}
