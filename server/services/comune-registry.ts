// The comuni this deployment serves, each with its own Services (built by createServices, lazily, on
// the first request that asks for it) and found by ISTAT code, alias or host name. The municipality
// rows are re-read at most every REFRESH_MS, and at once (but not more than once per MISS_MS) when an
// unknown comune is asked, so a comune added to the database is served without a restart.
import type pg from 'pg';
import type { Config } from '../config.js';
import {
  findMunicipalityByIstat,
  listMunicipalities,
  type MunicipalityKey,
} from '../db/municipality.queries.js';
import { comuneSettings } from './comune-settings.js';
import { comuniGeneration } from './comune-changes.js';
import { createServices, type Services } from './services.js';

const REFRESH_MS = 30_000;
const MISS_MS = 2_000;

/** How a request names its comune; none of them → the default comune. */
export type ComuneKey = { istat: string } | { slug: string } | { host: string } | 'default';

export interface Comune {
  key: MunicipalityKey;
  services: Services;
}

export class ComuneRegistry {
  private keys: MunicipalityKey[] = [];
  private readAt = 0;
  private readGeneration = -1;
  private reading: Promise<void> | undefined;
  private readonly built = new Map<number, { updated: string; services: Promise<Services> }>();
  /** Every comune's analytics read where the default comune's do (ANALYTICS_DATABASE_URL). */
  private readonly analyticsPool: pg.Pool | undefined;
  /** The default comune's row version whose settings its (outside-built) Services carry. */
  private defaultSeen: { updated: string; done: Promise<void> } | undefined;

  constructor(
    private readonly pool: pg.Pool,
    private readonly config: Config,
    /** Services already built for the default comune (start.ts, tests); reused, not rebuilt. */
    defaultServices?: Services,
  ) {
    this.analyticsPool = defaultServices?.deps.analyticsPool;
    if (defaultServices) {
      const m = defaultServices.deps.municipality;
      this.built.set(m.id, { updated: '', services: Promise.resolve(defaultServices) });
    }
  }

  /** The comune a request names, or undefined when there is none such. Disabled ones are returned. */
  async resolve(key: ComuneKey): Promise<Comune | undefined> {
    await this.refresh(false);
    let found = this.find(key);
    if (!found && key !== 'default') {
      await this.refresh(true);
      found = this.find(key);
    }
    return found ? { key: found, services: await this.servicesOf(found) } : undefined;
  }

  /** The comuni whose public pages are open, by name. */
  async enabled(): Promise<MunicipalityKey[]> {
    await this.refresh(false);
    return this.keys.filter((k) => k.enabled);
  }

  /** The host that matches a Host header (with or without its port), if a comune has one. */
  async hasHost(host: string): Promise<boolean> {
    await this.refresh(false);
    return this.keys.some((k) => k.host !== null && sameHost(k.host, host));
  }

  private find(key: ComuneKey): MunicipalityKey | undefined {
    if (key === 'default')
      return this.keys.find((k) => k.istat_code === this.config.municipalityIstat);
    if ('istat' in key) return this.keys.find((k) => k.istat_code === key.istat);
    if ('slug' in key) return this.keys.find((k) => k.slug === key.slug);
    return this.keys.find((k) => k.host !== null && sameHost(k.host, key.host));
  }

  private async servicesOf(key: MunicipalityKey): Promise<Services> {
    const cached = this.built.get(key.id);
    // The default comune's Services came from outside: keep them (tests hold them too), with its
    // settings brought up to date when its row changed.
    if (cached?.updated === '') {
      const services = await cached.services;
      if (this.defaultSeen?.updated !== key.updated_key)
        this.defaultSeen = {
          updated: key.updated_key,
          // Failing (the database away), it keeps the settings it has and tries again next time.
          done: this.refreshSettings(services).catch(() => {
            this.defaultSeen = undefined;
          }),
        };
      await this.defaultSeen.done;
      return services;
    }
    if (cached && cached.updated === key.updated_key) return cached.services;
    const services = (async () => {
      const municipality = await findMunicipalityByIstat(this.pool, key.istat_code);
      if (!municipality) throw new Error(`Municipality ${key.istat_code} vanished`);
      return createServices({
        pool: this.pool,
        analyticsPool: this.analyticsPool,
        config: this.config,
        municipality,
      });
    })();
    this.built.set(key.id, { updated: key.updated_key, services });
    services.catch(() => this.built.delete(key.id));
    return services;
  }

  /** Re-reads a comune's own sender and settings into Services built elsewhere. */
  private async refreshSettings(services: Services): Promise<void> {
    const m = services.deps.municipality;
    const row = await findMunicipalityByIstat(this.pool, m.istat_code);
    if (!row) return;
    m.mail_from = row.mail_from;
    m.settings = row.settings;
    services.comune = comuneSettings(this.config, m);
  }

  private async refresh(miss: boolean): Promise<void> {
    const age = Date.now() - this.readAt;
    const generation = comuniGeneration();
    if (generation === this.readGeneration && age < (miss ? MISS_MS : REFRESH_MS)) return;
    this.reading ??= listMunicipalities(this.pool)
      .then(
        (keys) => {
          this.keys = keys;
          this.readAt = Date.now();
          this.readGeneration = generation;
        },
        (error: unknown) => {
          // A failed re-read keeps serving the comuni already known; with none known, it fails.
          if (this.keys.length === 0) throw error;
        },
      )
      .finally(() => {
        this.reading = undefined;
      });
    await this.reading;
  }
}

/** Host headers compare case-insensitively, and a configured host without a port matches any port. */
function sameHost(configured: string, header: string): boolean {
  const h = header.toLowerCase();
  return configured === h || (!configured.includes(':') && configured === h.replace(/:\d+$/, ''));
}
