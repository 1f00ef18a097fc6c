// The settings schema: defaults, types, every bad variable named at once, production requirements,
// and README's table printed from the same schema.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, settingsTable, SETTINGS } from '../../server/config.js';
import { readSettingsTable } from '../../scripts/settings-table.js';

function refusal(env: NodeJS.ProcessEnv): ConfigError | undefined {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  return undefined;
}

const problemsOf = (env: NodeJS.ProcessEnv) => refusal(env)?.problems ?? [];

const PRODUCTION = {
  NODE_ENV: 'production',
  JWT_SECRET: 'x'.repeat(32),
  PUBLIC_URL: 'https://segnala.comune.example.it',
  SMTP_URL: 'smtp://mail.example.org:587',
};

describe('settings', () => {
  it('gives every default with an empty environment', () => {
    const config = loadConfig({});
    expect(config.port).toBe(4000);
    expect(config.publicUrl).toBe('http://localhost:4000');
    expect(config.municipalityIstat).toBe('046028');
    expect(config.rateLimits.reportsPerHourPerAddress).toBe(10);
    expect(config.trustProxy).toBe(false);
    expect(config.logLevel).toBe('info');
    expect(config.databaseUrl).toBeUndefined();
    expect(config.isProduction).toBe(false);
  });

  it('types each value and treats an empty variable as unset', () => {
    const config = loadConfig({
      PORT: '8080',
      MAIL_BATCH_SIZE: '25',
      TRUST_PROXY: '10.0.0.0/8',
      SMTP_URL: '',
    });
    expect(config.port).toBe(8080);
    expect(config.publicUrl).toBe('http://localhost:8080');
    expect(config.mailBatchSize).toBe(25);
    expect(config.trustProxy).toBe('10.0.0.0/8');
    expect(config.smtpUrl).toBeUndefined();
    expect(loadConfig({ TRUST_PROXY: 'true' }).trustProxy).toBe(true);
  });

  it('names every malformed variable at once', () => {
    const problems = problemsOf({
      PORT: 'eighty',
      RATE_REPORTS_PER_HOUR_EMAIL: '-1',
      PUBLIC_URL: 'segnala.example.it',
      SMTP_URL: 'http://mail.example.org',
      LOG_LEVEL: 'loud',
      SEGNALA_MUNICIPALITY: '46028',
      JWT_SECRET: 'short',
    });
    const named = refusal({
      PORT: 'eighty',
      RATE_REPORTS_PER_HOUR_EMAIL: '-1',
      PUBLIC_URL: 'segnala.example.it',
      SMTP_URL: 'http://mail.example.org',
      LOG_LEVEL: 'loud',
      SEGNALA_MUNICIPALITY: '46028',
      JWT_SECRET: 'short',
    })?.settings;
    expect(named).toEqual([
      'PORT',
      'SEGNALA_MUNICIPALITY',
      'PUBLIC_URL',
      'SMTP_URL',
      'JWT_SECRET',
      'RATE_REPORTS_PER_HOUR_EMAIL',
      'LOG_LEVEL',
    ]);
    expect(problems.join('\n')).toContain('six digits');
    // Values that may hold a password are never repeated.
    expect(problems.join('\n')).toContain('PORT="eighty"');
    expect(problems.join('\n')).not.toContain('short');
    expect(problems.join('\n')).not.toContain('http://mail.example.org');
  });

  it('takes a PostgreSQL URL with one or several hosts, and never repeats a bad one', () => {
    for (const url of [
      'postgres://segnala:secret@127.0.0.1:5432/segnala',
      'postgresql://db.example.it/segnala?sslmode=require',
      'postgres://h1:5433,h2:5434/segnala?target_session_attrs=read-write',
    ])
      expect(loadConfig({ DATABASE_URL: url }).databaseUrl).toBe(url);
    const bad = refusal({ DATABASE_URL: 'this is not a url with a s3cret' });
    expect(bad?.settings).toEqual(['DATABASE_URL']);
    expect(bad?.message).toContain('is not a PostgreSQL connection URL');
    expect(bad?.message).not.toContain('s3cret');
  });

  it('takes ANALYTICS_DATABASE_URL beside DATABASE_URL, refuses it on the embedded database and never repeats it', () => {
    expect(loadConfig({}).analyticsDatabaseUrl).toBeUndefined();
    const primary = 'postgres://segnala:secret@db1:5432/segnala';
    for (const url of [
      'postgres://segnala_ro:secret@replica.example.it:5432/segnala',
      'postgres://h1:5433,h2:5434/segnala?target_session_attrs=prefer-standby',
    ])
      expect(
        loadConfig({ DATABASE_URL: primary, ANALYTICS_DATABASE_URL: url }).analyticsDatabaseUrl,
      ).toBe(url);
    // Empty counts as unset, as for every setting.
    expect(
      loadConfig({ DATABASE_URL: primary, ANALYTICS_DATABASE_URL: '' }).analyticsDatabaseUrl,
    ).toBeUndefined();

    const bad = refusal({ DATABASE_URL: primary, ANALYTICS_DATABASE_URL: 'replica with s3cret' });
    expect(bad?.settings).toEqual(['ANALYTICS_DATABASE_URL']);
    expect(bad?.message).toContain('is not a PostgreSQL connection URL');
    expect(bad?.message).not.toContain('s3cret');

    // Its sessions refuse writes, so a host search for a writable one could never succeed.
    const writable = refusal({
      DATABASE_URL: primary,
      ANALYTICS_DATABASE_URL: 'postgres://h1,h2/segnala?target_session_attrs=read-write',
    });
    expect(writable?.message).toContain('use standby or prefer-standby');

    // Embedded PGlite: there is no primary to replicate, so the setting is refused with the reason.
    const embedded = refusal({ ANALYTICS_DATABASE_URL: 'postgres://u:s3cret@replica/segnala' });
    expect(embedded?.settings).toEqual(['ANALYTICS_DATABASE_URL']);
    expect(embedded?.message).toMatch(/needs DATABASE_URL: the embedded database .* replica/);
    expect(embedded?.message).not.toContain('s3cret');
  });

  it('refuses production without JWT_SECRET, PUBLIC_URL and a mail transport, naming each', () => {
    expect(problemsOf(PRODUCTION)).toEqual([]);
    expect(loadConfig(PRODUCTION).isProduction).toBe(true);
    const problems = problemsOf({ NODE_ENV: 'production' });
    expect(problems).toHaveLength(3);
    for (const name of ['JWT_SECRET', 'PUBLIC_URL', 'SMTP_URL']) {
      expect(problems.some((p) => p.startsWith(`${name} is required`))).toBe(true);
    }
    expect(problemsOf({ ...PRODUCTION, SMTP_URL: undefined })).toEqual([
      expect.stringMatching(/^SMTP_URL is required/),
    ]);
  });

  it("README's configuration table is the one printed from the schema (npm run config:docs)", () => {
    const readme = readFileSync('README.md', 'utf8');
    expect(readSettingsTable(readme)).toBe(settingsTable());
    expect(settingsTable().split('\n')).toHaveLength(Object.keys(SETTINGS).length + 2);
  });
});
