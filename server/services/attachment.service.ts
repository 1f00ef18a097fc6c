// Photos sent with a report: recognised by their content (not their name), re-encoded so that EXIF
// metadata (the phone's GPS position, its serial number) is gone, and kept in the database.
import { randomUUID } from 'node:crypto';
import sharp from 'sharp';
import type { Queryable } from '../db/pool.js';
import {
  findPublishedAttachment,
  insertAttachment,
  type NewAttachment,
} from '../db/attachment.queries.js';
import { badInput } from '../domain/app-error.js';

export const MAX_UPLOAD_BYTES = 10 * 1024 * 1024;
/** Larger photos are scaled down: enough to see a pothole, small enough to store by the thousand. */
const MAX_SIDE = 2560;

const FORMATS: Record<string, NewAttachment['contentType']> = {
  jpeg: 'image/jpeg',
  png: 'image/png',
  webp: 'image/webp',
};

export class AttachmentService {
  constructor(
    private readonly db: Queryable,
    private readonly municipalityId: number,
  ) {}

  /** Checks and re-encodes one uploaded image; returns the new attachment id. */
  async upload(input: Buffer): Promise<string> {
    if (input.length === 0) throw badInput('file', 'Il file è vuoto.');
    if (input.length > MAX_UPLOAD_BYTES) throw badInput('file', 'La foto supera i 10 MB.');
    let format: string | undefined;
    try {
      format = (await sharp(input).metadata()).format;
    } catch {
      format = undefined;
    }
    const contentType = format ? FORMATS[format] : undefined;
    if (!contentType)
      throw badInput('file', 'Formato non riconosciuto: invia una foto JPEG, PNG o WebP.');
    let output: { data: Buffer; info: { width: number; height: number } };
    try {
      // rotate() applies the EXIF orientation before the metadata is dropped (sharp keeps none by default).
      const image = sharp(input, { failOn: 'error' })
        .rotate()
        .resize(MAX_SIDE, MAX_SIDE, { fit: 'inside', withoutEnlargement: true });
      const encoded =
        contentType === 'image/jpeg'
          ? image.jpeg({ quality: 85 })
          : contentType === 'image/png'
            ? image.png()
            : image.webp({ quality: 85 });
      output = await encoded.toBuffer({ resolveWithObject: true });
    } catch {
      throw badInput('file', 'Immagine danneggiata o non leggibile.');
    }
    const id = randomUUID();
    await insertAttachment(this.db, this.municipalityId, {
      id,
      contentType,
      width: output.info.width,
      height: output.info.height,
      bytes: output.data,
    });
    return id;
  }

  /** The photo, only once it belongs to a ticket. */
  published(id: string): Promise<{ content_type: string; bytes: Buffer } | undefined> {
    if (!/^[0-9a-f-]{36}$/i.test(id)) return Promise.resolve(undefined);
    return findPublishedAttachment(this.db, this.municipalityId, id.toLowerCase());
  }
}
