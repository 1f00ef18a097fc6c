// Photo upload: POST /attachments (multipart, one image) → { id }. The server strips EXIF.
import { apiPath } from './comune-base.js';

// A refusal comes back as { error: { code, message, reason?, retryAfterSeconds? } }; it is thrown as an
// UploadError carrying the reason, so the page can say why in its own language.

/** What the server accepts (server/services/attachment.service.ts); checked here before sending. */
export const PHOTO_TYPES = ['image/jpeg', 'image/png', 'image/webp'] as const;
export const PHOTO_MAX_BYTES = 10 * 1024 * 1024;
/** UPLOAD_MAX_PIXELS's default (server/config.ts): width × height. */
export const PHOTO_MAX_PIXELS = 40_000_000;

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
    /** What the message can say about the file: its type, size in MB, width and height. */
    readonly details: Record<string, string | number> = {},
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

/** What a refusal message says about the file: "application/pdf", "12,3" (MB, in the page's language). */
export function fileDetails(file: File, locale: string): Record<string, string> {
  const type = file.type || file.name.split('.').pop()?.toUpperCase() || '?';
  const size = (file.size / (1024 * 1024)).toLocaleString(locale, { maximumFractionDigits: 1 });
  return { type, size };
}

/** The refusal the browser can tell from the file alone, before uploading it. */
export function checkPhoto(file: File): UploadReason | null {
  if (file.size === 0) return 'empty';
  if (!(PHOTO_TYPES as readonly string[]).includes(file.type)) return 'format';
  if (file.size > PHOTO_MAX_BYTES) return 'too_large';
  return null;
}

/** Width and height from the image's header (the browser decodes no pixels for an unattached <img>). */
export function photoSize(file: File): Promise<{ width: number; height: number } | null> {
  return new Promise((resolve) => {
    const url = URL.createObjectURL(file);
    const img = new Image();
    img.onload = () => {
      URL.revokeObjectURL(url);
      resolve({ width: img.naturalWidth, height: img.naturalHeight });
    };
    img.onerror = () => {
      URL.revokeObjectURL(url);
      resolve(null);
    };
    img.src = url;
  });
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

export async function uploadPhoto(file: File, locale = 'it'): Promise<string> {
  const details = fileDetails(file, locale);
  const early = checkPhoto(file);
  if (early) throw new UploadError(early, undefined, details);
  // Type and size pass: the pixels, before sending megabytes the server would refuse.
  const size = await photoSize(file);
  if (!size) throw new UploadError('damaged', undefined, details);
  if (size.width * size.height > PHOTO_MAX_PIXELS)
    throw new UploadError('too_many_pixels', undefined, {
      ...details,
      width: size.width.toLocaleString(locale),
      height: size.height.toLocaleString(locale),
    });
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
  throw new UploadError(reasonOf(response.status, error), retry, details);
}
