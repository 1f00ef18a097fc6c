// Photos sent with a report: recognised by their content (not their name), re-encoded so that EXIF
// metadata (the phone's GPS position, its serial number) is gone, and kept in the database.
// Anyone may upload, so every upload is bounded before it costs anything: per address and hour (count and
// bytes, counted like the report limits), in pixels (read from the header, before any decoding), and in
// decodes at once (a bounded queue; past it the answer is SERVER_BUSY). A photo no report uses within
// UPLOAD_UNLINKED_TTL_HOURS is deleted (server/db/attachment-cleaner.ts).
import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import type { Metadata } from 'sharp';
import type { Config } from '../config.js';
import {
  findLinkedAttachment,
  insertAttachment,
  type NewAttachment,
} from '../db/attachment.queries.js';
import { withTransaction } from '../db/pool.js';
import { AppError } from '../domain/app-error.js';
import { BoundedSemaphore, QueueFullError } from '../domain/bounded-semaphore.js';
import { requireTicketRead } from '../domain/staff-access.js';
import type { Viewer } from '../domain/viewer.js';
import { checkRateLimits, enforceRateLimits, type RateLimit } from './rate-limit.js';

export const MAX_UPLOAD_BYTES = 10 * 1024 * 1024;
/** Larger photos are scaled down: enough to see a pothole, small enough to store by the thousand. */
const MAX_SIDE = 2560;
/** libvips (sharp) is loaded with the first photo, not at every start (docs/operations.md, "Warm start"). */
const loadSharp = async () => (await import('sharp')).default;
/** What a client hears when every decoding slot and queue place is taken. */
const BUSY_RETRY_SECONDS = 5;

const FORMATS: Record<string, NewAttachment['contentType']> = {
  jpeg: 'image/jpeg',
  png: 'image/png',
  webp: 'image/webp',
};

/** Why a photo was refused; the HTTP route answers each with its own status. */
export type UploadRefusal = 'empty' | 'too_large' | 'format' | 'too_many_pixels' | 'damaged';

function refusal(reason: UploadRefusal, message: string, details: Record<string, unknown> = {}) {
  return new AppError('BAD_USER_INPUT', message, { field: 'file', reason, ...details });
}

type Encoded = { data: Buffer; info: { width: number; height: number } };

export class AttachmentService {
  private readonly decoding: BoundedSemaphore;

  constructor(
    private readonly pool: pg.Pool,
    private readonly config: Config,
    private readonly municipalityId: number,
  ) {
    const u = config.uploads;
    this.decoding = new BoundedSemaphore(u.decodeConcurrency, u.decodeQueue);
  }

  /** Checks and re-encodes one uploaded image from this client; returns the new attachment id. */
  async upload(input: Buffer, clientAddress: string): Promise<string> {
    if (input.length === 0) throw refusal('empty', 'Il file è vuoto.');
    if (input.length > MAX_UPLOAD_BYTES) throw refusal('too_large', 'La foto supera i 10 MB.');
    const limits = this.limits(input.length, clientAddress);
    // Refused before the costly part; the counts are taken with the row, so a refusal counts nothing.
    await checkRateLimits(this.pool, this.municipalityId, this.config.rateLimitSecret, limits);
    const contentType = await this.inspect(input);
    const output = await this.decodeInTurn(() => this.reencode(input, contentType));
    const id = randomUUID();
    await withTransaction(this.pool, async (tx) => {
      await enforceRateLimits(tx, this.municipalityId, this.config.rateLimitSecret, limits);
      await insertAttachment(tx, this.municipalityId, {
        id,
        contentType,
        width: output.info.width,
        height: output.info.height,
        bytes: output.data,
      });
    });
    return id;
  }

  /**
   * The photo, only once it belongs to a ticket; a hidden one only for staff who may read that ticket.
   * `viewer` is asked for (it costs a session lookup) only when the photo is hidden. Anyone else hears
   * "not found", so a hidden photo's existence is not told either.
   */
  async photo(
    id: string,
    viewer: () => Promise<Viewer | null>,
  ): Promise<{ content_type: string; bytes: Buffer; public: boolean } | undefined> {
    if (!/^[0-9a-f-]{36}$/i.test(id)) return undefined;
    const row = await findLinkedAttachment(this.pool, this.municipalityId, id.toLowerCase());
    if (!row || row.public) return row;
    try {
      requireTicketRead(await viewer(), row.office_id);
      return row;
    } catch (error) {
      if (error instanceof AppError) return undefined;
      throw error;
    }
  }

  /** Photos decoding and waiting now. */
  get decodingLoad(): { running: number; waiting: number } {
    return this.decoding.load;
  }

  private limits(size: number, clientAddress: string): RateLimit[] {
    const u = this.config.uploads;
    return [
      { action: 'upload:address', key: clientAddress, perHour: u.perHourPerAddress },
      {
        action: 'upload-bytes:address',
        key: clientAddress,
        perHour: u.bytesPerHourPerAddress,
        cost: size,
      },
    ];
  }

  /** Format and size from the header alone: metadata() decodes no pixels. */
  private async inspect(input: Buffer): Promise<NewAttachment['contentType']> {
    let meta: Metadata | undefined;
    try {
      const sharp = await loadSharp();
      meta = await sharp(input).metadata();
    } catch {
      meta = undefined;
    }
    const contentType = meta?.format ? FORMATS[meta.format] : undefined;
    if (!meta || !contentType)
      throw refusal('format', 'Formato non riconosciuto: invia una foto JPEG, PNG o WebP.');
    const maxPixels = this.config.uploads.maxPixels;
    if ((meta.width ?? 0) * (meta.pageHeight ?? meta.height ?? 0) > maxPixels) {
      const mp = Math.round(maxPixels / 1e6);
      throw refusal('too_many_pixels', `La foto è troppo grande: al massimo ${mp} megapixel.`, {
        maxPixels,
      });
    }
    return contentType;
  }

  private async decodeInTurn(decode: () => Promise<Encoded>): Promise<Encoded> {
    try {
      return await this.decoding.run(decode);
    } catch (error) {
      if (!(error instanceof QueueFullError)) throw error;
      throw new AppError(
        'SERVER_BUSY',
        'Troppe foto in elaborazione: riprova tra qualche secondo.',
        {
          retryAfterSeconds: BUSY_RETRY_SECONDS,
        },
      );
    }
  }

  private async reencode(
    input: Buffer,
    contentType: NewAttachment['contentType'],
  ): Promise<Encoded> {
    try {
      // The pixel limit again, in libvips itself, in case a header understated the image.
      // rotate() applies the EXIF orientation before the metadata is dropped (sharp keeps none by default).
      const sharp = await loadSharp();
      const image = sharp(input, {
        failOn: 'error',
        limitInputPixels: this.config.uploads.maxPixels,
      })
        .rotate()
        .resize(MAX_SIDE, MAX_SIDE, { fit: 'inside', withoutEnlargement: true });
      const encoded =
        contentType === 'image/jpeg'
          ? image.jpeg({ quality: 85 })
          : contentType === 'image/png'
            ? image.png()
            : image.webp({ quality: 85 });
      return await encoded.toBuffer({ resolveWithObject: true });
    } catch {
      throw refusal('damaged', 'Immagine danneggiata o non leggibile.');
    }
  }
}
