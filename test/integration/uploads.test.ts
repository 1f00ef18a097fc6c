// Photos: recognised by content, re-encoded without EXIF (no GPS of the phone), ≤ 10 MB, public only
// once a report uses them; bounded per address and hour (count and bytes), in pixels before decoding, and
// in decodes at once. Each test plays its own client address (X-Forwarded-For, trusted in tests).
import { randomBytes } from 'node:crypto';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { categoryId, reportInput, streetPoint, submit } from '../helpers/citizen.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';
import { startTestApp, type TestApp } from '../helpers/graphql.js';
import { createStaff } from '../helpers/staff-fixtures.js';

interface Uploaded {
  status: number;
  body: Record<string, unknown>;
  retryAfter: string | null;
}

async function upload(
  app: TestApp,
  bytes: Buffer,
  filename: string,
  type = 'image/jpeg',
  address = '192.0.2.1',
): Promise<Uploaded> {
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(bytes)], { type }), filename);
  const response = await fetch(`${app.url}/attachments`, {
    method: 'POST',
    body: form,
    headers: { 'x-forwarded-for': address },
  });
  return {
    status: response.status,
    body: (await response.json()) as Record<string, unknown>,
    retryAfter: response.headers.get('retry-after'),
  };
}

/** A photo of random pixels (incompressible): its size is about width × height × 3 bytes as PNG. */
function noisePng(side: number): Promise<Buffer> {
  return sharp(randomBytes(side * side * 3), { raw: { width: side, height: side, channels: 3 } })
    .png()
    .toBuffer();
}

function solidPng(width: number, height: number): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: '#808080' } })
    .png()
    .toBuffer();
}

/** What the database holds of uploads: photos, and every rate-limit counter with its total. */
async function uploadState(db: TestDatabase): Promise<{ photos: number; counters: unknown[] }> {
  const photos = await db.pool.query('select count(*)::int as n from attachment');
  const counters = await db.pool.query(
    'select bucket, window_start, hits from rate_limit_counter order by bucket, window_start',
  );
  return { photos: photos.rows[0].n, counters: counters.rows };
}

describe('photo uploads', () => {
  let db: TestDatabase;
  let app: TestApp;

  beforeAll(async () => {
    db = await createTestDatabase({
      UPLOADS_PER_HOUR_ADDRESS: '3',
      UPLOAD_BYTES_PER_HOUR_ADDRESS: '3000000',
      UPLOAD_DECODE_CONCURRENCY: '1',
      UPLOAD_DECODE_QUEUE: '1',
    });
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

    const uploaded = await upload(app, original, 'IMG_0001.JPG', 'image/jpeg', '192.0.2.10');
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
    // The comune's default (citizenPhotos: after-approval): not public until an operator approves it.
    const photosOf = `query($code: String!) { ticket(code: $code) { photos { id url contentType width height } } }`;
    const pending = await app.gql<{ ticket: { photos: unknown[] } }>(photosOf, { code });
    expect(pending.data?.ticket.photos).toEqual([]);
    expect((await fetch(`${app.url}/attachments/${id}`)).status).toBe(404);
    const admin = await createStaff(db, 'admin.uploads@example.org', 'admin');
    await db.services.moderation.setAttachmentPublic(admin, { id, public: true });
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
      'image/jpeg',
      '192.0.2.11',
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
    const res = await upload(app, big, 'big.jpg', 'image/jpeg', '192.0.2.12');
    expect(res.status).toBe(413);
    expect(res.body.error).toMatchObject({ code: 'BAD_USER_INPUT', field: 'file' });
    expect(await stored()).toBe(before);

    const noise = await noisePng(800);
    expect(noise.length).toBeGreaterThan(1024 * 1024);
    const ok = await upload(app, noise, 'noise.png', 'image/png', '192.0.2.12');
    expect(ok.status).toBe(201);
    expect(await stored()).toBe(before + 1);
  });

  it('one address (an IPv6 /64) gets UPLOADS_PER_HOUR_ADDRESS photos an hour; a refusal counts nothing', async () => {
    const photo = await solidPng(64, 48);
    const client = (n: number) => `2001:db8:5:1::${n}`;
    for (const n of [1, 2])
      expect((await upload(app, photo, 'a.png', 'image/png', client(n))).status).toBe(201);
    // A refused file is not one of the three.
    const text = Buffer.from('not a picture\n'.repeat(20));
    expect((await upload(app, text, 'b.jpg', 'image/jpeg', client(3))).status).toBe(415);
    expect((await upload(app, photo, 'c.png', 'image/png', client(4))).status).toBe(201);

    const before = await uploadState(db);
    const refused = await upload(app, photo, 'd.png', 'image/png', '2001:db8:5:1:ffff::9');
    expect(refused.status).toBe(429);
    expect(refused.body.error).toMatchObject({ code: 'RATE_LIMITED' });
    const retry = (refused.body.error as { retryAfterSeconds: number }).retryAfterSeconds;
    expect(retry).toBeGreaterThan(0);
    expect(retry).toBeLessThanOrEqual(3600);
    expect(refused.retryAfter).toBe(String(retry));
    expect(await uploadState(db)).toEqual(before);

    // The next /64 is another client.
    expect((await upload(app, photo, 'e.png', 'image/png', '2001:db8:5:2::1')).status).toBe(201);
  });

  it('one address gets UPLOAD_BYTES_PER_HOUR_ADDRESS bytes an hour, counted with the photo it refuses', async () => {
    const address = '198.51.100.30';
    const photo = await noisePng(650);
    // Two fit in 3 MB, a third does not (while the count, 3, would still allow it).
    expect(photo.length * 2).toBeLessThan(3_000_000);
    expect(photo.length * 3).toBeGreaterThan(3_000_000);
    for (let i = 0; i < 2; i++)
      expect((await upload(app, photo, `n${i}.png`, 'image/png', address)).status).toBe(201);
    const before = await uploadState(db);
    const refused = await upload(app, photo, 'n2.png', 'image/png', address);
    expect(refused.status).toBe(429);
    expect(refused.body.error).toMatchObject({ code: 'RATE_LIMITED' });
    expect(Number(refused.retryAfter)).toBeGreaterThan(0);
    expect(await uploadState(db)).toEqual(before);
    // The refused bytes were not counted: a small photo still fits in what is left.
    const small = await solidPng(32, 32);
    expect((await upload(app, small, 's.png', 'image/png', address)).status).toBe(201);
  });

  it('a 16,000 × 16,000 PNG (0.8 MB) is refused from its header, before any decoding', async () => {
    const huge = await solidPng(16_000, 16_000);
    expect(huge.length).toBeLessThan(2 * 1024 * 1024);
    const before = await uploadState(db);
    // Resident memory sampled while the server handles it (same process): decoding it took +100 MB.
    const rssBefore = process.memoryUsage.rss();
    let rssPeak = rssBefore;
    const sampler = setInterval(() => {
      rssPeak = Math.max(rssPeak, process.memoryUsage.rss());
    }, 2);
    const res = await upload(app, huge, 'huge.png', 'image/png', '198.51.100.40').finally(() =>
      clearInterval(sampler),
    );
    expect(res.status).toBe(422);
    expect(res.body.error).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'file',
      reason: 'too_many_pixels',
      maxPixels: 40_000_000,
    });
    expect(await uploadState(db)).toEqual(before);
    expect(rssPeak - rssBefore).toBeLessThan(50 * 1024 * 1024);
  });

  it('at most UPLOAD_DECODE_CONCURRENCY photos decode at once; past the queue the answer is SERVER_BUSY', async () => {
    // 6,300 × 6,300 (39.7 MP, under the pixel limit): a small file that takes a while to decode.
    const heavy = await solidPng(6300, 6300);
    const before = await uploadState(db);
    const loads: { running: number; waiting: number }[] = [];
    const sampler = setInterval(() => loads.push(db.services.attachments.decodingLoad), 1);
    const clients = Array.from({ length: 10 }, (_, i) => `198.51.100.${50 + i}`);
    const results = await Promise.all(
      clients.map((address, i) => upload(app, heavy, `h${i}.png`, 'image/png', address)),
    ).finally(() => clearInterval(sampler));

    const busy = results.filter((r) => r.status === 503);
    const accepted = results.filter((r) => r.status === 201);
    expect(busy.length).toBeGreaterThan(0);
    expect(accepted.length).toBeGreaterThan(0);
    expect(busy.length + accepted.length).toBe(results.length);
    for (const r of busy) {
      expect(r.body.error).toMatchObject({ code: 'SERVER_BUSY', retryAfterSeconds: 5 });
      expect(r.retryAfter).toBe('5');
    }
    expect(Math.max(...loads.map((l) => l.running))).toBe(1);
    expect(Math.max(...loads.map((l) => l.waiting))).toBeLessThanOrEqual(1);
    expect((await uploadState(db)).photos).toBe(before.photos + accepted.length);
    expect(db.services.attachments.decodingLoad).toEqual({ running: 0, waiting: 0 });
    // A refusal for being busy counts nothing: a refused client can upload a moment later.
    const refusedClient = clients[results.findIndex((r) => r.status === 503)];
    const again = await upload(app, heavy, 'again.png', 'image/png', refusedClient);
    expect(again.status).toBe(201);
  });
});
