// Each comune's own settings on one deployment (server/services/comune-settings.ts): the mails of B's
// tickets and invites carry B's name, sender and links (real SMTP); pages under /c/{B}/ are titled with
// B; B's exports name B; B's settings reach the API; a comune without settings gets the deployment's
// defaults under its own name; and a staff session of one comune counts for nothing at another.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { updateComuneSettings } from '../../seeds/comune.js';
import { createOutboxSender } from '../../server/mail/outbox-sender.js';
import { createInvite } from '../../server/services/invite.service.js';
import { categoryId, reportInput, streetPoint } from '../helpers/citizen.js';
import { getAt, gqlAt } from '../helpers/comune-http.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';
import { startTestApp, type TestApp } from '../helpers/graphql.js';
import { addSecondComune, type SecondComune } from '../helpers/second-comune.js';
import { startTestSmtp, type TestSmtp, type ReceivedMail } from '../helpers/smtp.js';
import { createStaff, TEST_PASSWORD } from '../helpers/staff-fixtures.js';

const B_FROM = 'Comune di Pietrasanta <urp@pietrasanta.example.org>';
const B_ARMS = 'https://www.comune.pietrasanta.lu.it/stemma.svg';
const B_NOTICE = {
  it: 'Informativa del Comune di Pietrasanta: titolare il Sindaco.',
  en: 'Privacy notice of the Comune di Pietrasanta: the Mayor is the controller.',
};
const SUBMIT = `mutation Submit($input: SubmitReportInput!) { submitReport(input: $input) { ticket { code } } }`;
const LOGIN = `mutation($email: String!, $password: String!) { login(email: $email, password: $password) { token } }`;
const SETTINGS = `{ municipality { name coatOfArms privacyNotice { it en } slaTargets { onTimeShare firstResponseHours } } }`;

let smtp: TestSmtp;
let db: TestDatabase;
let app: TestApp;
let b: SecondComune;
let c: SecondComune;

const sendOutbox = () =>
  createOutboxSender(db.pool, db.config, { info: () => {}, warn: () => {} }).runOnce();

async function reportAt(prefix: string, comune: TestDatabase, email: string): Promise<string> {
  const point = await streetPoint(comune);
  const r = await gqlAt<{ submitReport: { ticket: { code: string } } }>(
    app,
    `${prefix}/graphql`,
    SUBMIT,
    { input: reportInput(await categoryId(comune, 'buca_stradale'), point, { email }) },
    { 'x-forwarded-for': `198.51.100.${Math.floor(Math.random() * 200) + 1}` },
  );
  expect(r.errors).toBeUndefined();
  return r.data!.submitReport.ticket.code;
}

/** Logs in at a comune's address; returns the Set-Cookie header and the "name=value" pair. */
async function loginAt(prefix: string, email: string) {
  const response = await fetch(`${app.url}${prefix}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: LOGIN, variables: { email, password: TEST_PASSWORD } }),
  });
  const body = (await response.json()) as { errors?: unknown };
  expect(body.errors).toBeUndefined();
  const setCookie = response.headers.get('set-cookie') ?? '';
  return { setCookie, pair: setCookie.split(';')[0] };
}

async function meAt(prefix: string, cookie: string): Promise<string | null> {
  const r = await gqlAt<{ me: { email: string } | null }>(
    app,
    `${prefix}/graphql`,
    '{ me { email } }',
    {},
    { cookie },
  );
  return r.data?.me?.email ?? null;
}

beforeAll(async () => {
  smtp = await startTestSmtp();
  db = await createTestDatabase({ SMTP_URL: smtp.url });
  b = await addSecondComune(db);
  c = await addSecondComune(db, { istat: '046005', codePrefix: 'CMR' });
  // Pietrasanta has its own sender, coat of arms, notice and targets; Camaiore none at all.
  await db.pool.query(`update municipality set mail_from = $2, settings = $3 where id = $1`, [
    b.municipality.id,
    B_FROM,
    JSON.stringify({
      coatOfArms: B_ARMS,
      privacyNotice: B_NOTICE,
      slaTargets: { onTimeShare: 0.8, firstResponseHours: 24 },
    }),
  ]);
  await createStaff(b.db, 'pianificatore@pietrasanta.example.org', 'planner');
  await createStaff(db, 'pianificatore@seravezza.example.org', 'planner');
  app = await startTestApp(db.services);
}, 120_000);

afterAll(async () => {
  await app?.close();
  await smtp?.close();
  await db?.close();
});

describe('mails of a comune', () => {
  it("B's citizen and office mails carry B's name, B's sender and links under /c/{B}/", async () => {
    const code = await reportAt('/c/046024', b.db, 'cittadina.b@example.org');
    await sendOutbox();
    const forB = (m: ReceivedMail) => m.subject.includes(code);
    const mails = await smtp.waitFor(2, forB);
    const citizen = mails.find((m) => m.to.includes('cittadina.b@example.org'))!;
    const office = mails.find((m) => m.to.includes('lavori@comune.example.org'))!;
    for (const mail of [citizen, office]) {
      expect(mail.headers.get('from')).toBe(B_FROM);
      expect(mail.subject).toContain('Comune di Pietrasanta');
      expect(mail.decoded).toContain('Comune di Pietrasanta – Segnala');
      expect(mail.decoded).not.toContain(db.municipality.name);
    }
    // The citizen follows the public page; the office works the ticket in its own area.
    expect(citizen.decoded).toContain(`http://segnala.test/c/046024/segnalazioni/${code}`);
    expect(office.decoded).toMatch(/http:\/\/segnala\.test\/c\/046024\/ufficio\/\d+/);
    expect(citizen.decoded).toMatch(/http:\/\/segnala\.test\/c\/046024\/unsubscribe\//);
    expect(citizen.headers.get('list-unsubscribe')).toContain('/c/046024/unsubscribe/');
  });

  it('a comune without a sender of its own sends from MAIL_FROM under its own name', async () => {
    const code = await reportAt('/camaiore', c.db, 'cittadino.c@example.org');
    await sendOutbox();
    const [mail] = await smtp.waitFor(1, (m) => m.to.includes('cittadino.c@example.org'));
    expect(mail.subject).toContain(code);
    // MAIL_FROM's default is "Segnala – Comune di {name} <segnala@localhost>" (MIME-encoded: a dash).
    expect(mail.headers.get('from')).toMatch(/Comune.di.Camaiore.*<segnala@localhost>/);
    expect(mail.decoded).toContain('Comune di Camaiore');
    expect(mail.decoded).toContain(`http://segnala.test/c/046005/segnalazioni/${code}`);
    expect(mail.decoded).not.toContain(db.municipality.name);
  });

  it('the default comune keeps PUBLIC_URL links and its name', async () => {
    const code = await reportAt('', db, 'cittadina.a@example.org');
    await sendOutbox();
    const [mail] = await smtp.waitFor(1, (m) => m.to.includes('cittadina.a@example.org'));
    // Seravezza, or the comune of SEGNALA_TEST_COMUNE (test-comune.ts).
    const name = db.municipality.name;
    expect(mail.headers.get('from')).toMatch(new RegExp(`Comune.di.${name}.*<segnala@localhost>`));
    expect(mail.subject).toContain(`Comune di ${name}`);
    expect(mail.decoded).toContain(`http://segnala.test/segnalazioni/${code}`);
  });

  it("an invite of B comes from B's sender with a link under /c/{B}/", async () => {
    const staff = await createStaff(b.db, 'nuovo@pietrasanta.example.org', 'operator', [
      'lavori_pubblici',
    ]);
    const url = await createInvite(db.pool, {
      municipalityId: b.municipality.id,
      municipalityName: b.municipality.name,
      staffId: staff.staffId,
      email: 'nuovo@pietrasanta.example.org',
      role: 'operator',
      publicUrl: b.services.comune.baseUrl,
    });
    expect(url).toMatch(/^http:\/\/segnala\.test\/c\/046024\/ufficio\/invito\//);
    await sendOutbox();
    const [mail] = await smtp.waitFor(1, (m) => m.to.includes('nuovo@pietrasanta.example.org'));
    expect(mail.headers.get('from')).toBe(B_FROM);
    expect(mail.subject).toContain('Comune di Pietrasanta');
    expect(mail.decoded).toContain(url);
  });
});

describe('pages, API and exports of a comune', () => {
  it("the app's page under /c/{B}/ and B's alias is titled with B; the default with its own", async () => {
    for (const path of ['/c/046024/segnala', '/pietrasanta/ufficio', '/c/046024/']) {
      const page = await getAt(app, path);
      expect(page.type).toMatch(/^text\/html/);
      expect(page.body).toContain('<title>Segnala – Comune di Pietrasanta</title>');
    }
    expect((await getAt(app, '/segnala')).body).toContain(
      `<title>Segnala – Comune di ${db.municipality.name}</title>`,
    );
    expect((await getAt(app, '/camaiore/segnala')).body).toContain(
      '<title>Segnala – Comune di Camaiore</title>',
    );
  });

  it("B's server-rendered pages name B and show its coat of arms", async () => {
    const page = await getAt(app, '/c/046024/unsubscribe/PTS-2026-000001/abc');
    expect(page.body).toMatch(/<title>[^<]*Segnala – Comune di Pietrasanta<\/title>/);
    expect(page.body).toContain(`<img src="${B_ARMS}"`);
    const other = await getAt(app, '/camaiore/unsubscribe/CMR-2026-000001/abc');
    expect(other.body).toMatch(/<title>[^<]*Comune di Camaiore<\/title>/);
    expect(other.body).not.toContain('<img');
  });

  it("the API gives B's own settings, and the deployment's defaults to a comune without any", async () => {
    const there = await gqlAt(app, '/c/046024/graphql', SETTINGS);
    expect(there.data?.municipality).toEqual({
      name: 'Pietrasanta',
      coatOfArms: B_ARMS,
      privacyNotice: B_NOTICE,
      slaTargets: { onTimeShare: 0.8, firstResponseHours: 24 },
    });
    const plain = await gqlAt(app, '/c/046005/graphql', SETTINGS);
    expect(plain.data?.municipality).toEqual({
      name: 'Camaiore',
      coatOfArms: null,
      privacyNotice: null,
      slaTargets: { onTimeShare: 0.9, firstResponseHours: 48 },
    });
  });

  it("the default comune's new settings apply without a restart", async () => {
    const before = await gqlAt(app, '/graphql', SETTINGS);
    expect(before.data?.municipality).toMatchObject({
      name: db.municipality.name,
      coatOfArms: null,
    });
    await db.pool.query(`update municipality set settings = $2 where id = $1`, [
      db.municipality.id,
      JSON.stringify({ coatOfArms: '/assets/seravezza.svg' }),
    ]);
    // The list of comuni is re-read every 30 s, or on asking for an unknown one (at most every 2 s).
    await new Promise((done) => setTimeout(done, 2100));
    expect((await gqlAt(app, '/c/999999/graphql', SETTINGS)).status).toBe(404);
    const after = await gqlAt(app, '/graphql', SETTINGS);
    expect(after.data?.municipality).toMatchObject({ coatOfArms: '/assets/seravezza.svg' });
    expect((await getAt(app, `/unsubscribe/${db.municipality.code_prefix}-1/x`)).body).toContain(
      '<img src="/assets/seravezza.svg"',
    );
    await db.pool.query(`update municipality set settings = '{}' where id = $1`, [
      db.municipality.id,
    ]);
  });

  it("B's exports name B in the file name and the GeoJSON metadata", async () => {
    const { pair } = await loginAt('/c/046024', 'pianificatore@pietrasanta.example.org');
    const csv = await fetch(`${app.url}/c/046024/export/tickets.csv`, {
      headers: { cookie: pair },
    });
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-disposition')).toMatch(
      /^attachment; filename="segnalazioni-pietrasanta-046024-\d{4}-\d{2}-\d{2}\.csv"$/,
    );
    expect(csv.headers.get('x-segnala-comune')).toBe('046024');
    const text = await csv.text();
    expect(text).toContain('PTS-');
    expect(text).not.toContain(`${db.municipality.code_prefix}-`);
    const geo = await fetch(`${app.url}/c/046024/export/tickets.geojson`, {
      headers: { cookie: pair },
    });
    expect(geo.headers.get('content-disposition')).toContain('segnalazioni-pietrasanta-046024-');
    const body = (await geo.json()) as { comune: { istatCode: string; name: string } };
    expect(body.comune).toMatchObject({ istatCode: '046024', name: 'Pietrasanta' });
  });
});

describe('comune:settings', () => {
  it("changes a comune's own settings with the one schema; a bad value changes nothing", async () => {
    const row = async () =>
      (
        await db.pool.query(
          `select mail_from, settings from municipality where istat_code = '046005'`,
        )
      ).rows[0] as { mail_from: string | null; settings: Record<string, unknown> };
    const before = await row();
    for (const bad of [
      { mailFrom: 'not an address' },
      { coatOfArms: 'javascript:alert(1)' },
      { slaTargets: { onTimeShare: 2 } },
      { privacyNotice: { it: ' ', en: 'x' } },
    ])
      await expect(updateComuneSettings(db.pool, '046005', bad, db.config)).rejects.toThrow();
    expect(await row()).toEqual(before);
    await expect(
      updateComuneSettings(db.pool, '099999', { coatOfArms: null }, db.config),
    ).rejects.toThrow(/Nessun comune 099999/);

    const s = await updateComuneSettings(
      db.pool,
      '046005',
      {
        mailFrom: 'URP Camaiore <urp@camaiore.example.org>',
        privacyNotice: { it: 'Informativa di Camaiore', en: 'Camaiore notice' },
        slaTargets: { firstResponseHours: 12 },
      },
      db.config,
    );
    expect(s).toMatchObject({
      mailFrom: 'URP Camaiore <urp@camaiore.example.org>',
      privacyNotice: { it: 'Informativa di Camaiore', en: 'Camaiore notice' },
      slaTargets: { onTimeShare: 0.9, firstResponseHours: 12 },
    });
    const reset = await updateComuneSettings(
      db.pool,
      '046005',
      { mailFrom: null, privacyNotice: null, slaTargets: { firstResponseHours: 48 } },
      db.config,
    );
    expect(reset.mailFrom).toMatch(/Comune di Camaiore.*<segnala@localhost>/);
    expect(reset.privacyNotice).toBeNull();
  });
});

describe('the staff session of a comune', () => {
  it("is scoped to its comune's path and refused at every other comune", async () => {
    const b1 = await loginAt('/c/046024', 'pianificatore@pietrasanta.example.org');
    expect(b1.setCookie).toMatch(/;\s*Path=\/c\/046024(;|$)/i);
    expect(await meAt('/c/046024', b1.pair)).toBe('pianificatore@pietrasanta.example.org');
    // Sent anyway (a client that ignores Path), it is nobody at A's or C's address.
    expect(await meAt('', b1.pair)).toBeNull();
    expect(await meAt(`/${db.municipality.slug}`, b1.pair)).toBeNull();
    expect(await meAt('/c/046005', b1.pair)).toBeNull();
    const exportA = await fetch(`${app.url}/export/tickets.csv`, { headers: { cookie: b1.pair } });
    expect(exportA.status).toBe(401);

    // A's session (default comune, Path=/) is sent by browsers to /c/046024/ too: refused there.
    const a = await loginAt('', 'pianificatore@seravezza.example.org');
    expect(a.setCookie).toMatch(/;\s*Path=\/(;|$)/i);
    expect(await meAt('', a.pair)).toBe('pianificatore@seravezza.example.org');
    expect(await meAt('/c/046024', a.pair)).toBeNull();
    const exportB = await fetch(`${app.url}/c/046024/export/tickets.csv`, {
      headers: { cookie: a.pair },
    });
    expect(exportB.status).toBe(401);

    // Both cookies at once, in either order (as a browser sends them): each comune finds its own.
    for (const both of [`${b1.pair}; ${a.pair}`, `${a.pair}; ${b1.pair}`]) {
      expect(await meAt('/c/046024', both)).toBe('pianificatore@pietrasanta.example.org');
      expect(await meAt('', both)).toBe('pianificatore@seravezza.example.org');
    }

    // Logging out at B ends B's session only and clears B's cookie on B's path.
    const out = await fetch(`${app.url}/c/046024/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: `${a.pair}; ${b1.pair}` },
      body: JSON.stringify({ query: 'mutation { logout }' }),
    });
    expect(out.headers.get('set-cookie')).toMatch(/;\s*Path=\/c\/046024(;|$)/i);
    expect(await meAt('/c/046024', b1.pair)).toBeNull();
    expect(await meAt('', a.pair)).toBe('pianificatore@seravezza.example.org');
  });
});
