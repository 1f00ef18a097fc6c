// Deletes the photos no report has used within UPLOAD_UNLINKED_TTL_HOURS, every UPLOAD_CLEANUP_SECONDS.
// Anyone may upload; without it, photos uploaded and never sent with a report would stay for ever.
import type pg from 'pg';
import { deleteUnlinkedAttachments } from './attachment.queries.js';
import { startPeriodicJob, type PeriodicJob } from './periodic-job.js';

export type AttachmentCleaner = PeriodicJob;

/** Rows per delete statement: short statements, so a large backlog never holds locks for long. */
const BATCH = 500;
/** At most this many statements per round; what remains waits for the next round. */
const MAX_BATCHES = 100;

/** One round: deletes the expired unlinked photos of the municipality; returns how many. */
export async function cleanUnlinkedAttachments(
  pool: pg.Pool,
  municipalityId: number,
  ttlHours: number,
): Promise<number> {
  let deleted = 0;
  for (let i = 0; i < MAX_BATCHES; i++) {
    const n = await deleteUnlinkedAttachments(pool, municipalityId, ttlHours, BATCH);
    deleted += n;
    if (n < BATCH) break;
  }
  return deleted;
}

export function startAttachmentCleaner(
  pool: pg.Pool,
  /** One comune, or every comune of the deployment (asked anew each round). */
  municipalities: number | (() => Promise<readonly number[]>),
  settings: { everySeconds: number; ttlHours: number },
  log: { info(message: string): void; warn(message: string): void },
): AttachmentCleaner {
  const { everySeconds, ttlHours } = settings;
  return startPeriodicJob(
    'attachment-cleaner',
    everySeconds,
    async () => {
      const ids = typeof municipalities === 'number' ? [municipalities] : await municipalities();
      let n = 0;
      for (const id of ids) n += await cleanUnlinkedAttachments(pool, id, ttlHours);
      if (n > 0) log.info(`Deleted ${n} photos no report used within ${ttlHours} h`);
    },
    log,
    'Photo cleanup failed',
  );
}
