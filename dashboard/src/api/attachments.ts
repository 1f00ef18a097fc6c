// Photo upload: POST /attachments (multipart, one image) → { id }. The server strips EXIF.
import { apiPath } from './comune-base.js';

// A refusal comes back as { error: { code, message, reason?, retryAfterSeconds? } }; it is thrown as an
// UploadError carrying the reason, so the page can say why in its own language.

/** What the server accepts (server/services/attachment.service.ts); checked here before sending. */
export const PHOTO_TYPES = ['image/jpeg', 'image/png', 'image/webp'] as const;
export const PHOTO_MAX_BYTES = 10 * 1024 * 1024;

/** Why a photo was refused: the server's reasons, plus what the browser can tell before uploading. */
export type UploadReason =
  | 'empty'
  | 'too_large'
  | 'format'
  | 'too_many_pixels'
  | 'damaged'
  | 'rate_limited'
  | 'busy'
  | 'unknown';

export class UploadError extends Error {
  constructor(
    readonly reason: UploadReason,
    readonly retryAfterSeconds?: number,
  ) {
    super(reason);
    this.name = 'UploadError';
  }
}

const SERVER_REASONS: readonly UploadReason[] = [
  'empty',
  'too_large',
  'format',
  'too_many_pixels',
  'damaged',
];

/** The refusal the browser can tell from the file alone, before uploading it. */
export function checkPhoto(file: File): UploadReason | null {
  if (file.size === 0) return 'empty';
  if (!(PHOTO_TYPES as readonly string[]).includes(file.type)) return 'format';
  if (file.size > PHOTO_MAX_BYTES) return 'too_large';
  return null;
}

function reasonOf(status: number, error: { code?: unknown; reason?: unknown }): UploadReason {
  if (error.code === 'RATE_LIMITED' || status === 429) return 'rate_limited';
  if (error.code === 'SERVER_BUSY' || status === 503) return 'busy';
  const reason = error.reason as UploadReason;
  if (SERVER_REASONS.includes(reason)) return reason;
  if (status === 413) return 'too_large';
  if (status === 415) return 'format';
  return 'unknown';
}

export async function uploadPhoto(file: File): Promise<string> {
  const early = checkPhoto(file);
  if (early) throw new UploadError(early);
  const body = new FormData();
  body.append('file', file, file.name);
  const response = await fetch(apiPath('/attachments'), {
    method: 'POST',
    body,
    credentials: 'same-origin',
  });
  const payload = (await response.json().catch(() => ({}))) as {
    id?: unknown;
    error?: { code?: unknown; reason?: unknown; retryAfterSeconds?: unknown };
  };
  if (response.ok && typeof payload.id === 'string') return payload.id;
  const error = payload.error ?? {};
  const retry = typeof error.retryAfterSeconds === 'number' ? error.retryAfterSeconds : undefined;
  throw new UploadError(reasonOf(response.status, error), retry);
}
