// Photos: recognised by content, re-encoded without EXIF (no GPS of the phone), ≤ 10 MB, public only
// once a report uses them.
import { randomBytes } from 'node:crypto';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { categoryId, reportInput, streetPoint, submit } from '../helpers/citizen.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';
import { startTestApp, type TestApp } from '../helpers/graphql.js';

async function upload(
  app: TestApp,
  bytes: Buffer,
  filename: string,
  type = 'image/jpeg',
): Promise<{ status: number; body: Record<string, unknown> }> {
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(bytes)], { type }), filename);
  const response = await fetch(`${app.url}/attachments`, { method: 'POST', body: form });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe('photo uploads', () => {
  let db: TestDatabase;
  let app: TestApp;

  beforeAll(async () => {
    db = await createTestDatabase();
    app = await startTestApp(db.services);
  });

  afterAll(async () => {
    await app?.close();
    await db?.close();
  });

  it('a JPEG with GPS EXIF comes back without it, and only once a report uses it', async () => {
    const original = await sharp({
      create: { width: 320, height: 240, channels: 3, background: '#806040' },
    })
      .jpeg()
      .withExif({
        IFD0: { Make: 'PhoneMaker', Model: 'Phone 12' },
        IFD3: {
          GPSLatitudeRef: 'N',
          GPSLatitude: '43/1 59/1 3000/100',
          GPSLongitudeRef: 'E',
          GPSLongitude: '10/1 13/1 4000/100',
        },
      })
      .toBuffer();
    const before = await sharp(original).metadata();
    expect(before.exif?.toString('latin1')).toContain('PhoneMaker');

    const uploaded = await upload(app, original, 'IMG_0001.JPG');
    expect(uploaded.status).toBe(201);
    const id = uploaded.body.id as string;
    expect(id).toMatch(/^[0-9a-f-]{36}$/);

    // Not yet part of a report: not public.
    expect((await fetch(`${app.url}/attachments/${id}`)).status).toBe(404);

    const point = await streetPoint(db, 1);
    const r = await submit(
      app,
      reportInput(await categoryId(db, 'buca_stradale'), point, { attachmentIds: [id] }),
    );
    expect(r.errors).toBeUndefined();
    const code = r.data!.submitReport.ticket.code;
    const read = await app.gql<{
      ticket: { photos: { id: string; url: string; width: number }[] };
    }>(
      `query($code: String!) { ticket(code: $code) { photos { id url contentType width height } } }`,
      { code },
    );
    expect(read.data?.ticket.photos).toEqual([
      { id, url: `/attachments/${id}`, contentType: 'image/jpeg', width: 320, height: 240 },
    ]);

    const served = await fetch(`${app.url}/attachments/${id}`);
    expect(served.status).toBe(200);
    expect(served.headers.get('content-type')).toBe('image/jpeg');
    const bytes = Buffer.from(await served.arrayBuffer());
    const after = await sharp(bytes).metadata();
    expect(after.format).toBe('jpeg');
    expect(after.exif).toBeUndefined();
    expect(bytes.toString('latin1')).not.toContain('PhoneMaker');
    expect(bytes.includes(Buffer.from('GPS'))).toBe(false);
  });

  it('a text file named .jpg is refused', async () => {
    const res = await upload(
      app,
      Buffer.from('hello, this is not a picture\n'.repeat(20)),
      'photo.jpg',
    );
    expect(res.status).toBe(415);
    expect(res.body.error).toMatchObject({ code: 'BAD_USER_INPUT', field: 'file' });
  });

  it('an 11 MB file is refused; a 2 MB PNG is accepted', async () => {
    const stored = async () =>
      (await db.pool.query<{ n: number }>('select count(*)::int as n from attachment')).rows[0].n;
    const before = await stored();
    const big = Buffer.concat([
      Buffer.from([0xff, 0xd8, 0xff, 0xe0]),
      randomBytes(11 * 1024 * 1024),
    ]);
    const res = await upload(app, big, 'big.jpg');
    expect(res.status).toBe(413);
    expect(res.body.error).toMatchObject({ code: 'BAD_USER_INPUT', field: 'file' });
    expect(await stored()).toBe(before);

    const noise = await sharp(randomBytes(800 * 800 * 3), {
      raw: { width: 800, height: 800, channels: 3 },
    })
      .png()
      .toBuffer();
    expect(noise.length).toBeGreaterThan(1024 * 1024);
    const ok = await upload(app, noise, 'noise.png', 'image/png');
    expect(ok.status).toBe(201);
    expect(await stored()).toBe(before + 1);
  });
});
