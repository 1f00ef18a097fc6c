// Issue 14, parts 2, 4 and 5 over HTTP, with mail read from a real SMTP server: the place as a person
// says it (addressAt, houseNumber), each citizen's language stored and used for their mails and the
// links in them, errors that name the field and say what to do, the HTML 404, the manifest and the
// cache headers of the static files.
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { staticRoutes } from '../../server/http/static.routes.js';
import { createOutboxSender, type OutboxSender } from '../../server/mail/outbox-sender.js';
import { categoryId, JOIN_REPORT, reportInput, streetPoint, submit } from '../helpers/citizen.js';
import { getAt } from '../helpers/comune-http.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';
import { startTestApp, type TestApp } from '../helpers/graphql.js';
import { startTestSmtp, type TestSmtp } from '../helpers/smtp.js';

const ADDRESS_AT =
  'query($p: PointInput!) { addressAt(location: $p) { street { id name } distanceM } }';
interface AddressAtData {
  addressAt: { street: { id: string; name: string } | null; distanceM: number | null };
}
/** In the Ligurian Sea, west of the coast: in no comune. */
const SEA = { lon: 10.05, lat: 43.93 };

let db: TestDatabase;
let app: TestApp;
let smtp: TestSmtp;
let sender: OutboxSender;

beforeAll(async () => {
  smtp = await startTestSmtp();
  db = await createTestDatabase({ SMTP_URL: smtp.url, MAIL_POLL_MS: '100' });
  app = await startTestApp(db.services);
  sender = createOutboxSender(db.pool, db.config, { info: () => undefined, warn: () => undefined });
  sender.start();
});

afterAll(async () => {
  await sender?.stop();
  await app?.close();
  await smtp?.close();
  await db?.close();
});

describe('addressAt', () => {
  it('names the nearest street of the comune and how far it is', async () => {
    const point = await streetPoint(db, 5);
    const on = await app.gql<AddressAtData>(ADDRESS_AT, { p: { lon: point.lon, lat: point.lat } });
    expect(on.errors).toBeUndefined();
    expect(on.data!.addressAt.street).toEqual({
      id: String(point.streetId),
      name: point.streetName,
    });
    expect(on.data!.addressAt.distanceM).toBeLessThan(1);
    // About 30 m north of the line: the same street unless another is nearer, and a distance in metres.
    const off = await app.gql<AddressAtData>(ADDRESS_AT, {
      p: { lon: point.lon, lat: point.lat + 0.00027 },
    });
    const { rows } = await db.pool.query<{ id: number; d: number }>(
      `select id, st_distance(geom::geography, st_setsrid(st_makepoint($2, $3), 4326)::geography) as d
       from street where municipality_id = $1 order by 2 limit 1`,
      [db.municipality.id, point.lon, point.lat + 0.00027],
    );
    expect(off.data!.addressAt.street!.id).toBe(String(rows[0].id));
    expect(off.data!.addressAt.distanceM).toBeCloseTo(rows[0].d, 0);
  });

  it('refuses a point outside the comune with a coded error naming it, and a bad point naming the field', async () => {
    const sea = await app.gql<AddressAtData>(ADDRESS_AT, { p: SEA });
    expect(sea.data).toBeNull();
    expect(sea.errors![0].extensions).toMatchObject({
      code: 'OUTSIDE_MUNICIPALITY',
      field: 'location',
    });
    expect(sea.errors![0].message).toContain(db.municipality.name);
    const bad = await app.gql<AddressAtData>(ADDRESS_AT, { p: { lon: 10.2, lat: 95 } });
    expect(bad.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'location' });
  });
});

describe('house number and language', () => {
  it('stores the house number and the reporter’s language, and mails in it with links that open in it', async () => {
    const point = await streetPoint(db, 6);
    const pothole = await categoryId(db, 'buca_stradale');
    const email = 'anna.verdi@example.org';
    const sent = await submit(app, {
      ...reportInput(pothole, point, { email, name: 'Anna Verdi', locale: 'en' }),
      houseNumber: ' 12A ',
    } as ReturnType<typeof reportInput>);
    expect(sent.errors).toBeUndefined();
    const code = sent.data!.submitReport.ticket.code;

    const read = await app.gql<{ ticket: { houseNumber: string; street: { name: string } } }>(
      'query($code: String!) { ticket(code: $code) { houseNumber street { name } } }',
      { code },
    );
    expect(read.data!.ticket).toEqual({ houseNumber: '12A', street: { name: point.streetName } });
    const { rows } = await db.pool.query<{ house_number: string; locale: string }>(
      `select t.house_number, r.locale from ticket t join reporter r on r.municipality_id = t.municipality_id and r.ticket_id = t.id
       where t.municipality_id = $1 and t.code = $2`,
      [db.municipality.id, code],
    );
    expect(rows[0]).toEqual({ house_number: '12A', locale: 'en' });

    const [mail] = await smtp.waitFor(1, (m) => m.to.includes(email));
    expect(mail.subject).toContain('Report received');
    expect(mail.decoded).toContain('Dear Anna Verdi,');
    expect(mail.decoded).toContain(
      `Place: ${point.streetName} 12A (Comune di ${db.municipality.name})`,
    );
    expect(mail.decoded).toContain('Description: Una buca larga circa mezzo metro');
    expect(mail.decoded).toContain(`/segnalazioni/${code}?lang=en`);
    expect(mail.decoded).toContain('forwarded it to the office in charge: ');

    // A supporter's own language, stored with her and used in her link.
    const supporter = 'luca.neri@example.org';
    const joined = await app.gql(JOIN_REPORT, { code, email: supporter, locale: 'en' });
    expect(joined.errors).toBeUndefined();
    const [ask] = await smtp.waitFor(1, (m) => m.to.includes(supporter));
    expect(ask.decoded).toMatch(/\/conferma\/[\w-]{32}\?lang=en/);
  });

  it('mails an Italian reporter in Italian, with the office after a colon and the name given', async () => {
    const point = await streetPoint(db, 7);
    const email = 'piera.gialli@example.org';
    const sent = await submit(
      app,
      reportInput(await categoryId(db, 'buca_stradale'), point, {
        email,
        name: 'Piera Gialli',
        locale: 'it',
      }),
    );
    const code = sent.data!.submitReport.ticket.code;
    const [mail] = await smtp.waitFor(1, (m) => m.to.includes(email));
    expect(mail.decoded).toContain('Gentile Piera Gialli,');
    expect(mail.decoded).toContain('inoltrata all’ufficio competente: ');
    expect(mail.decoded).toContain(
      `Luogo: ${point.streetName} (Comune di ${db.municipality.name})`,
    );
    expect(mail.decoded).toContain(`/segnalazioni/${code}`);
    expect(mail.decoded).not.toContain(`/segnalazioni/${code}?lang=`);
  });

  it('refuses a house number that is not one, naming the field and saying what to write', async () => {
    const point = await streetPoint(db, 8);
    const r = await submit(app, {
      ...reportInput(await categoryId(db, 'buca_stradale'), point),
      houseNumber: 'dodici',
    } as ReturnType<typeof reportInput>);
    expect(r.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'houseNumber' });
    expect(r.errors![0].message).toMatch(/numero civico .*12A/);
  });
});

describe('errors name the field and say what to do', () => {
  const cases: [string, Record<string, unknown>, RegExp][] = [
    ['title', { title: '  ' }, /^Il titolo è obbligatorio: scrivilo/],
    [
      'description',
      { description: 'x'.repeat(4001) },
      /^La descrizione è troppo lunga: al massimo 4000 caratteri, ne hai scritti 4001\. Accorciala/,
    ],
    ['title', { title: 'x'.repeat(121) }, /^Il titolo è troppo lungo: al massimo 120 caratteri/],
    ['email', { email: 'mario.rossi' }, /^L’indirizzo e-mail non è valido: controlla/],
    ['privacyConsent', { privacyConsent: false }, /consenso .*spunta la casella/],
  ];
  for (const [field, override, message] of cases)
    it(`${field}: ${JSON.stringify(override).slice(0, 40)}`, async () => {
      const point = await streetPoint(db, 9);
      const r = await submit(app, {
        ...reportInput(await categoryId(db, 'buca_stradale'), point),
        ...override,
      } as ReturnType<typeof reportInput>);
      expect(r.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
      expect(r.errors![0].message).toMatch(message);
    });
});

describe('pages', () => {
  it('answers any unknown page path with an HTML 404 in the browser’s language; API paths keep JSON', async () => {
    for (const p of ['/segnala/oltre', '/vie/12/foto', '/privacy/altro', '/segnalazioni/A/B/C']) {
      const it404 = await getAt(app, p);
      expect(it404.status, p).toBe(404);
      expect(it404.type, p).toContain('text/html');
      expect(it404.body, p).toContain('Pagina non trovata');
    }
    // A first segment that could be a comune's name answers the HTML "Comune non trovato" (both languages).
    const alias = await getAt(app, '/pagina-che-non-esiste');
    expect(alias.status).toBe(404);
    expect(alias.type).toContain('text/html');
    const en = await getAt(app, '/segnala/oltre', { 'accept-language': 'en-US,en;q=0.8' });
    expect(en.body).toContain('<html lang="en">');
    expect(en.body).toContain('Page not found');
    const api = await getAt(app, '/graphql/nothing');
    expect(api.status).toBe(404);
    expect(api.type).toContain('application/json');
  });

  it('serves the web app manifest of the comune and the favicon', async () => {
    const r = await fetch(`${app.url}/manifest.webmanifest`, {
      headers: { 'accept-language': 'en' },
    });
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toContain('application/manifest+json');
    const manifest = (await r.json()) as Record<string, unknown>;
    expect(manifest).toMatchObject({
      short_name: 'Segnala',
      start_url: '/segnala',
      display: 'standalone',
      lang: 'en',
    });
    expect(String(manifest.name)).toContain(db.municipality.name);
    const ico = await fetch(`${app.url}/favicon.ico`, { redirect: 'manual' });
    expect(ico.status).toBe(301);
    expect(ico.headers.get('location')).toBe('/favicon.svg');
  });

  it('opens the app in the browser’s language and never lets the HTML be cached', async () => {
    const r = await fetch(`${app.url}/segnala`, { headers: { 'accept-language': 'en-GB,en' } });
    expect(r.headers.get('cache-control')).toBe('no-cache');
    expect(r.headers.get('content-language')).toBe('en');
    expect(await r.text()).toContain('<html lang="en"');
  });

  it('serves hashed assets for a year, immutable, and the HTML revalidated', async () => {
    const dist = await mkdtemp(path.join(os.tmpdir(), 'segnala-dist-'));
    await mkdir(path.join(dist, 'assets'));
    await writeFile(path.join(dist, 'assets', 'index-AbC123xy.js'), 'console.log(1);');
    await writeFile(
      path.join(dist, 'index.html'),
      '<!doctype html><html lang="it"><head><title>Segnala</title></head><body></body></html>',
    );
    const bare = Fastify();
    await bare.register(staticRoutes, { distDir: dist });
    try {
      const asset = await bare.inject({ url: '/assets/index-AbC123xy.js' });
      expect(asset.statusCode).toBe(200);
      expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
      const page = await bare.inject({ url: '/segnalazioni' });
      expect(page.statusCode).toBe(200);
      expect(page.headers['cache-control']).toBe('no-cache');
      // The offline drafts' service worker: JavaScript, revalidated at every load (an update is seen at
      // once), and the same file under a comune's prefix, whose folder is then its scope.
      await writeFile(path.join(dist, 'sw.js'), "self.addEventListener('fetch', () => {});");
      const sw = await bare.inject({ url: '/sw.js' });
      expect(sw.statusCode).toBe(200);
      expect(sw.headers['content-type']).toMatch(/javascript/);
      expect(sw.headers['cache-control']).toBe('no-cache');
      expect(sw.body).toContain("addEventListener('fetch'");
    } finally {
      await bare.close();
      await rm(dist, { recursive: true, force: true });
    }
  });
});
