// The daily retention round of every comune (retention.service.ts) beside the requests, through the
// periodic-job frame (one round at a time, failures logged redacted, a heartbeat for /readyz).
import type pg from 'pg';
import type { Config } from '../config.js';
import type { CleanedComune } from '../db/attachment-cleaner.js';
import {
  findMunicipalityByIstat,
  listMunicipalities,
  listMunicipalitySettings,
} from '../db/municipality.queries.js';
import { startPeriodicJob, type PeriodicJob } from '../db/periodic-job.js';
import { unlinkedUploadHoursOf } from './comune-settings.js';
import { describeRetention, runRetention, type RetentionReport } from './retention.service.js';

/** One round over every comune (also those added while running); what was done, per comune. */
export async function retentionRound(
  pool: pg.Pool,
  config: Config,
  options: { at?: Date; dryRun?: boolean } = {},
): Promise<RetentionReport[]> {
  const reports: RetentionReport[] = [];
  for (const key of await listMunicipalities(pool)) {
    const municipality = await findMunicipalityByIstat(pool, key.istat_code);
    if (municipality) reports.push(await runRetention(pool, config, municipality, options));
  }
  return reports;
}

export function startRetentionJob(
  pool: pg.Pool,
  config: Config,
  log: { info(message: string): void; warn(message: string): void },
): PeriodicJob {
  return startPeriodicJob(
    'retention',
    config.retentionSeconds,
    async () => {
      for (const report of await retentionRound(pool, config)) {
        const changed = Object.values(report).some((n) => typeof n === 'number' && n > 0);
        if (changed) log.info(describeRetention(report, false));
      }
    },
    log,
    'Retention round failed',
  );
}

/** Every comune with the hours its unused photos are kept, for the photo cleaner's round. */
export async function uploadRetentionOfComuni(
  pool: pg.Pool,
  config: Pick<Config, 'uploads'>,
): Promise<CleanedComune[]> {
  return (await listMunicipalitySettings(pool)).map((m) => ({
    id: m.id,
    ttlHours: unlinkedUploadHoursOf(m.settings, config.uploads.unlinkedTtlHours),
  }));
}
