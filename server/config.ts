// The one place that reads process.env. Every setting, its default and its meaning is listed in README.md.
import path from 'node:path';

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
  rateLimits: { reportsPerHourPerAddress: number; reportsPerHourPerEmail: number; joinsPerHourPerAddress: number };
  isProduction: boolean;
  logLevel: string;
}

function int(value: string | undefined, fallback: number): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new Error(`Expected a whole number, got "${value}"`);
  return n;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const port = int(env.PORT, 4000);
  return {
    port,
    host: env.HOST ?? '0.0.0.0',
    databaseUrl: env.DATABASE_URL || undefined,
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
    },
    isProduction: env.NODE_ENV === 'production',
    logLevel: env.LOG_LEVEL ?? 'info',
  };
}
