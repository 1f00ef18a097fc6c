// Deletes the photos no report has used within each comune's hours (its retention.unlinkedUploadHours,
// else UPLOAD_UNLINKED_TTL_HOURS), every UPLOAD_CLEANUP_SECONDS. Anyone may upload; without it, photos
// uploaded and never sent with a report would stay for ever.
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

/** A comune to clean and the hours its unused photos are kept. */
export interface CleanedComune {
  id: number;
  ttlHours: number;
}

export function startAttachmentCleaner(
  pool: pg.Pool,
  /** The comuni and their hours, asked anew each round (comuni and their settings change while running). */
  comuni: () => Promise<readonly CleanedComune[]>,
  settings: { everySeconds: number },
  log: { info(message: string): void; warn(message: string): void },
): AttachmentCleaner {
  return startPeriodicJob(
    'attachment-cleaner',
    settings.everySeconds,
    async () => {
      for (const { id, ttlHours } of await comuni()) {
        const n = await cleanUnlinkedAttachments(pool, id, ttlHours);
        if (n > 0) log.info(`Deleted ${n} photos no report used within ${ttlHours} h`);
      }
    },
    log,
    'Photo cleanup failed',
  );
}
