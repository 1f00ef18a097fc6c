// Photo upload: POST /attachments (multipart, one image) → { id }. The server strips EXIF.
import { apiPath } from './comune-base';

export async function uploadPhoto(file: File): Promise<string> {
  const body = new FormData();
  body.append('file', file, file.name);
  const response = await fetch(apiPath('/attachments'), {
    method: 'POST',
    body,
    credentials: 'same-origin',
  });
  const payload: unknown = await response.json().catch(() => ({}));
  const record = (payload ?? {}) as { id?: unknown; message?: unknown; error?: unknown };
  if (!response.ok || typeof record.id !== 'string') {
    const message =
      typeof record.message === 'string'
        ? record.message
        : typeof record.error === 'string'
          ? record.error
          : `HTTP ${response.status}`;
    throw new Error(message);
  }
  return record.id;
}
