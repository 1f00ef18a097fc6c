// The report form refuses, before uploading, the photos the server would refuse for their type or size.
import { describe, expect, it } from 'vitest';
import { checkPhoto, PHOTO_MAX_BYTES } from '../../dashboard/src/api/attachments.js';
import { MAX_UPLOAD_BYTES } from '../../server/services/attachment.service.js';

const file = (bytes: number, type: string) => new File([new Uint8Array(bytes)], 'x', { type });

describe('checkPhoto', () => {
  it('agrees with the server on the size limit', () => {
    expect(PHOTO_MAX_BYTES).toBe(MAX_UPLOAD_BYTES);
  });

  it('names the reason the browser can tell', () => {
    expect(checkPhoto(file(0, 'image/jpeg'))).toBe('empty');
    expect(checkPhoto(file(5 * 1024 * 1024, 'application/pdf'))).toBe('format');
    expect(checkPhoto(file(PHOTO_MAX_BYTES + 1, 'image/png'))).toBe('too_large');
    expect(checkPhoto(file(1000, 'image/webp'))).toBeNull();
  });
});
