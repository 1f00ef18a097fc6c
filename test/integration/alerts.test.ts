// Alert subscriptions (issue 14 part 8, issue 15 parts 3, 5, 6), over HTTP with mail delivered to a
// real SMTP server: subscribeAlerts answers the same for every address and only mails it; the link
// confirms; the daily digest sends one mail per confirmed subscription with the new public reports of
// its street or radius (masked, no reporter's address, links of its own comune, its language) and
// nothing when nothing is new; the unsubscribe link deletes the subscription; bad places are coded
// errors that change nothing; retention, the data copy and the erasure cover subscriptions; comuni
// never see each other's.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOutboxSender, type OutboxSender } from '../../server/mail/outbox-sender.js';
import { runAlertDigest } from '../../server/services/alert-digest.service.js';
import { runRetention } from '../../server/services/retention.service.js';
import { createServices } from '../../server/services/services.js';
import {
  categoryId,
  reportInput,
  rowCounts,
  streetPoint,
  submit,
  type StreetPoint,
} from '../helpers/citizen.js';
import { latestConfirmationToken, postConfirmation } from '../helpers/confirmation.js';
import { createTestDatabase, testConfig, type TestDatabase } from '../helpers/database.js';
import { startTestApp, type TestApp } from '../helpers/graphql.js';
import { addSecondComune, type SecondComune } from '../helpers/second-comune.js';
import { startTestSmtp, type TestSmtp } from '../helpers/smtp.js';

const SUBSCRIBE = `mutation($input: SubscribeAlertsInput!) { subscribeAlerts(input: $input) { status } }`;
const DAY = 24 * 3600 * 1000;
/** A point as the API takes it (a StreetPoint carries its street too). */
const pt = (p: { lon: number; lat: number }) => ({ lon: p.lon, lat: p.lat });
const UNSUBSCRIBE_LINK = /http:\/\/segnala\.test(?:\/c\/\d+)?\/avvisi\/disiscrizione\/([\w-]{32})/;

describe('alert subscriptions', () => {
  let db: TestDatabase;
  let app: TestApp;
  let smtp: TestSmtp;
  let sender: OutboxSender;
  let second: SecondComune;
  let street: StreetPoint;
  let centre: StreetPoint;
  let far: StreetPoint;
  let quiet: StreetPoint;
  let pothole: string;

  async function subscribe(input: Record<string, unknown>, path = '/graphql') {
    const response = await fetch(`${app.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: SUBSCRIBE, variables: { input } }),
    });
    return { status: response.status, body: await response.text() };
  }

  async function confirmLatest(email: string, prefix = '') {
    const token = await latestConfirmationToken(db, email, 'confirm_alert');
    const response = await postConfirmation(`${app.url}${prefix}`, token);
    return { status: response.status, body: await response.text() };
  }

  async function alertsOf(email: string) {
    const { rows } = await db.pool.query<{
      municipality_id: number;
      kind: string;
      confirmed: boolean;
    }>(
      `select municipality_id, kind, confirmed_at is not null as confirmed from alert_subscription
       where email_key = lower($1) order by id`,
      [email],
    );
    return rows;
  }

  async function distance(a: { lon: number; lat: number }, b: { lon: number; lat: number }) {
    const { rows } = await db.pool.query<{ d: number }>(
      `select st_distance(st_setsrid(st_makepoint($1, $2), 4326)::geography, st_setsrid(st_makepoint($3, $4), 4326)::geography) as d`,
      [a.lon, a.lat, b.lon, b.lat],
    );
    return rows[0].d;
  }

  /** Files a report through the API and returns its code and snapped street. */
  async function report(point: { lon: number; lat: number }, title: string, email: string) {
    const r = await submit(
      app,
      reportInput(pothole, point, { title, email, name: 'Zebedeo Quaglia' }),
      {
        'x-forwarded-for': `198.51.100.${Math.floor(Math.random() * 250)}`,
      },
    );
    expect(r.errors).toBeUndefined();
    return r.data!.submitReport.ticket;
  }

  const digestMails = () =>
    db.pool.query<{ recipient: string; subject: string; body_text: string; locale: string }>(
      `select recipient, subject, body_text, locale from notification_outbox where kind = 'alert_digest' order by id`,
    );

  beforeAll(async () => {
    smtp = await startTestSmtp();
    db = await createTestDatabase({
      SMTP_URL: smtp.url,
      MAIL_POLL_MS: '100',
      RATE_ALERTS_PER_HOUR_ADDRESS: '0',
      RATE_ALERTS_PER_HOUR_EMAIL: '0',
      RATE_REPORTS_PER_HOUR_ADDRESS: '0',
      RATE_REPORTS_PER_HOUR_EMAIL: '0',
      RATE_PRIVACY_REQUESTS_PER_HOUR_ADDRESS: '0',
      RATE_PRIVACY_REQUESTS_PER_HOUR_EMAIL: '0',
    });
    second = await addSecondComune(db);
    app = await startTestApp(db.services);
    sender = createOutboxSender(db.pool, db.config, {
      info: () => undefined,
      warn: () => undefined,
    });
    sender.start();
    pothole = await categoryId(db, 'buca_stradale');
    // Four street midpoints far apart: a street, a radius's centre, a report away from both, a quiet place.
    const picked: StreetPoint[] = [];
    for (let n = 0; picked.length < 4; n += 5) {
      const p = await streetPoint(db, n);
      if (!p) throw new Error('not enough streets far apart');
      let apart = true;
      for (const q of picked) if ((await distance(p, q)) < 1200) apart = false;
      if (apart) picked.push(p);
    }
    [street, centre, far, quiet] = picked;
  }, 120_000);

  afterAll(async () => {
    await sender?.stop();
    await app?.close();
    await smtp?.close();
    await db?.close();
  });

  it('answers the same and writes the same rows for a new address and one that already has the alerts', async () => {
    const email = 'iscritta.via@example.org';
    const input = { email, streetId: String(street.streetId), locale: 'it' };
    const first = await subscribe(input);
    expect(JSON.parse(first.body)).toEqual({
      data: { subscribeAlerts: { status: 'CONFIRMATION_SENT' } },
    });
    // Nothing is sent to an unconfirmed subscription.
    expect(await alertsOf(email)).toEqual([
      { municipality_id: db.municipality.id, kind: 'street', confirmed: false },
    ]);
    const [ask] = await smtp.waitFor(1, (m) => m.to.includes(email));
    expect(ask.subject).toContain('Conferma gli avvisi');
    expect(ask.decoded).toContain(street.streetName);
    // GET shows the button and changes nothing; POST confirms.
    const token = await latestConfirmationToken(db, email, 'confirm_alert');
    const page = await fetch(`${app.url}/conferma/${token}`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Ricevi gli avvisi');
    expect((await alertsOf(email))[0].confirmed).toBe(false);
    const done = await confirmLatest(email);
    expect(done.status).toBe(200);
    expect(done.body).toContain('Avvisi attivati');
    expect((await alertsOf(email))[0].confirmed).toBe(true);
    // Used again: a page saying so, nothing changes.
    expect((await postConfirmation(app.url, token)).status).toBe(410);

    const deltas: Record<string, number>[] = [];
    const bodies: string[] = [];
    for (const address of ['nuovo.iscritto@example.org', email.toUpperCase()]) {
      const before = await rowCounts(db);
      bodies.push((await subscribe({ ...input, email: address })).body);
      const after = await rowCounts(db);
      deltas.push(
        Object.fromEntries(
          Object.keys(after)
            .filter((t) => after[t] !== before[t])
            .map((t) => [t, after[t] - before[t]]),
        ),
      );
    }
    expect(new Set(bodies).size).toBe(1);
    expect(deltas[0]).toEqual({
      alert_subscription: 1,
      email_confirmation: 1,
      notification_outbox: 1,
    });
    expect(deltas[1]).toEqual(deltas[0]);
    // The address that has them is told so, with no link; its extra row can never be confirmed.
    const [notice] = await smtp.waitFor(
      1,
      (m) => m.to.some((t) => t.toLowerCase() === email) && m.subject.includes('Ricevi già'),
    );
    expect(notice.decoded).not.toContain('/conferma/');
    expect((await alertsOf(email)).map((a) => a.confirmed)).toEqual([true, false]);
  });

  it('takes about the same time for a new address and one that has the alerts (medians within noise)', async () => {
    // The quiet street: these subscribers get no digest in the tests below.
    const input = { streetId: String(quiet.streetId), locale: 'it' };
    const times = { fresh: [] as number[], subscribed: [] as number[] };
    const timed = async (email: string) => {
      const started = performance.now();
      await subscribe({ ...input, email });
      return performance.now() - started;
    };
    // Each round asks for a new address and for one that has the alerts (confirmed beforehand).
    for (let i = 0; i < 20; i++) {
      await subscribe({ ...input, email: `ha.avvisi${i}@example.org` });
      await confirmLatest(`ha.avvisi${i}@example.org`);
    }
    for (let i = 0; i < 20; i++) {
      // Interleaved, in turns, so that a slow moment of the machine falls on both alike.
      const first = i % 2 ? 'fresh' : 'subscribed';
      for (const kind of [first, first === 'fresh' ? 'subscribed' : 'fresh'] as const)
        times[kind].push(
          await timed(kind === 'fresh' ? `tempo${i}@example.org` : `ha.avvisi${i}@example.org`),
        );
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    const [fresh, subscribed] = [median(times.fresh), median(times.subscribed)];
    console.log(
      `alert timing medians (ms): new ${fresh.toFixed(1)}, subscribed ${subscribed.toFixed(1)}`,
    );
    // The same statements run in both cases: a gap over 30 % (8 ms at least) would be a leak.
    expect(Math.abs(fresh - subscribed)).toBeLessThan(
      Math.max(8, 0.3 * Math.min(fresh, subscribed)),
    );
  });

  it('refuses bad places and addresses with coded errors and changes nothing', async () => {
    const before = await rowCounts(db);
    const e = 'sbagliato@example.org';
    const cases: [Record<string, unknown>, string][] = [
      [{ email: e }, 'input'],
      [
        { email: e, streetId: String(street.streetId), location: pt(centre), radiusM: 200 },
        'input',
      ],
      [{ email: e, streetId: '987654' }, 'streetId'],
      [{ email: e, streetId: 'via-roma' }, 'streetId'],
      [{ email: e, location: { lon: 10.2276, lat: 43.959 }, radiusM: 200 }, 'location'], // Pietrasanta
      [{ email: e, location: { lon: centre.lon, lat: centre.lat }, radiusM: 30_000 }, 'radiusM'],
      [{ email: e, location: { lon: centre.lon, lat: centre.lat }, radiusM: 10 }, 'radiusM'],
      [{ email: e, location: { lon: centre.lon, lat: centre.lat } }, 'radiusM'],
      [{ email: e, location: { lon: 200, lat: centre.lat }, radiusM: 100 }, 'location'],
      [{ email: 'non-una-mail', streetId: String(street.streetId) }, 'email'],
      [{ email: e, streetId: String(street.streetId), locale: 'de' }, 'locale'],
    ];
    // B's street is unknown in A.
    const { rows } = await db.pool.query<{ id: number }>(
      'select id from street where municipality_id = $1 limit 1',
      [second.municipality.id],
    );
    cases.push([{ email: e, streetId: String(rows[0].id) }, 'streetId']);
    for (const [input, field] of cases) {
      const r = JSON.parse((await subscribe(input)).body) as {
        data: unknown;
        errors: { message: string; extensions: { code: string; field: string } }[];
      };
      const label = JSON.stringify(input);
      expect(r.data, label).toBeNull();
      expect(r.errors[0].extensions, label).toMatchObject({ code: 'BAD_USER_INPUT', field });
      expect(r.errors[0].message, label).not.toMatch(/select|insert|postgis|stack/i);
    }
    // The radius refusal says the comune's size.
    const big = JSON.parse(
      (await subscribe({ email: e, location: pt(centre), radiusM: 30_000 })).body,
    ) as { errors: { message: string }[] };
    expect(big.errors[0].message).toMatch(/estensione del Comune \([\d.]+ m\)/);
    expect(await rowCounts(db)).toEqual(before);
  });

  it('limits the requests per address and per e-mail, as joins', async () => {
    const limited = createServices({
      pool: db.pool,
      config: testConfig({ RATE_ALERTS_PER_HOUR_EMAIL: '2', RATE_ALERTS_PER_HOUR_ADDRESS: '0' }),
      municipality: db.municipality,
    });
    const ask = (ip: string) =>
      limited.alerts.subscribe(
        { email: 'Limite+uno@example.org', streetId: String(street.streetId) },
        ip,
      );
    await ask('203.0.113.1');
    await ask('203.0.113.2');
    const before = await rowCounts(db);
    await expect(ask('203.0.113.3')).rejects.toMatchObject({ code: 'RATE_LIMITED' });
    expect(await rowCounts(db)).toEqual(before);
  });

  it('sends one digest per confirmed subscription with the new reports of its place, and nothing when nothing is new', async () => {
    const streetFan = 'fan.della.via@example.org';
    const radiusFan = 'radius.fan@example.org';
    const nobody = 'niente.di.nuovo@example.org';
    await subscribe({ email: streetFan, streetId: String(street.streetId), locale: 'en' });
    await confirmLatest(streetFan);
    await subscribe({ email: radiusFan, location: pt(centre), radiusM: 300 });
    await confirmLatest(radiusFan);
    await subscribe({ email: nobody, location: pt(quiet), radiusM: 100 });
    await confirmLatest(nobody);
    // Subscribed, never confirmed: no mail ever.
    await subscribe({ email: 'mai.confermato@example.org', streetId: String(street.streetId) });
    // B's own subscriber to B's street.
    const bStreet = (
      await db.pool.query<{ id: number; lon: number; lat: number }>(
        `select id, st_x(st_lineinterpolatepoint(st_geometryn(geom, 1), 0.5)) as lon,
                st_y(st_lineinterpolatepoint(st_geometryn(geom, 1), 0.5)) as lat
         from street where municipality_id = $1 order by id limit 1`,
        [second.municipality.id],
      )
    ).rows[0];
    await subscribe(
      { email: 'pietrasanta@example.org', streetId: String(bStreet.id) },
      '/c/046024/graphql',
    );
    expect((await confirmLatest('pietrasanta@example.org')).status).toBe(410); // not at A's address
    expect((await confirmLatest('pietrasanta@example.org', '/c/046024')).status).toBe(200);

    const inStreet = await report(
      street,
      'Buca in via, chiamare 333 1234567',
      'autore.via@example.org',
    );
    expect(inStreet.street?.id).toBe(String(street.streetId));
    const near = { lon: centre.lon + 0.001, lat: centre.lat }; // about 80 m east
    expect(await distance(near, centre)).toBeLessThan(300);
    const inRadius = await report(near, 'Lampione spento vicino', 'autore.raggio@example.org');
    const outside = await report(far, 'Buca lontana da tutto', 'autore.lontano@example.org');
    const bCategory = (
      await db.pool.query<{ id: number }>('select id from category where municipality_id = $1', [
        second.municipality.id,
      ])
    ).rows[0].id;
    const bCode = await second.services.reports.submit(
      reportInput(String(bCategory), bStreet, {
        title: 'Buca di Pietrasanta',
        email: 'autore.pietrasanta@example.org',
      }),
      '198.51.100.9',
    );
    expect(bCode).toMatch(/^PTS-/);

    const at = new Date(Date.now() + DAY);
    const a = await runAlertDigest(db.pool, db.config, db.municipality, { at });
    const b = await runAlertDigest(db.pool, db.config, second.municipality, { at });
    const { rows: mails } = await digestMails();
    // The first test's subscriber of the same street too; never the unconfirmed ones nor `nobody`.
    expect(mails.map((m) => m.recipient).sort()).toEqual(
      [streetFan, 'iscritta.via@example.org', radiusFan, 'pietrasanta@example.org'].sort(),
    );
    expect(a.mails).toBe(3);
    expect(b).toMatchObject({ subscriptions: 1, mails: 1 });
    // Due, but nothing new in its place: looked at, no mail.
    expect(a.subscriptions).toBeGreaterThanOrEqual(4);

    const byTo = (to: string) => mails.find((m) => m.recipient === to)!;
    const streetMail = byTo(streetFan);
    expect(streetMail.locale).toBe('en');
    expect(streetMail.subject).toBe(
      `1 new report: ${street.streetName} (Comune di ${db.municipality.name})`,
    );
    expect(streetMail.body_text).toContain(`http://segnala.test/segnalazioni/${inStreet.code}`);
    expect(streetMail.body_text).toContain(`http://segnala.test/vie/${street.streetId}`);
    expect(streetMail.body_text).toContain('Pothole');
    expect(streetMail.body_text).not.toContain('333 1234567'); // masked
    expect(streetMail.body_text).not.toContain(inRadius.code);
    const radiusMail = byTo(radiusFan);
    expect(radiusMail.subject).toMatch(
      /^1 nuova segnalazione: entro 300 m dal punto scelto vicino a /,
    );
    expect(radiusMail.body_text).toContain(inRadius.code);
    expect(radiusMail.body_text).toContain('Buca stradale');
    expect(radiusMail.body_text).toContain(`Comune di ${db.municipality.name}`);
    for (const m of mails) {
      expect(m.body_text).not.toContain(outside.code);
      expect(m.body_text).not.toMatch(/autore\.|Zebedeo|mario\.rossi/);
    }
    const bMail = byTo('pietrasanta@example.org');
    expect(bMail.body_text).toContain(`http://segnala.test/c/046024/segnalazioni/${bCode}`);
    expect(bMail.body_text).not.toContain(inStreet.code);
    expect(bMail.subject).toContain('Pietrasanta');
    for (const m of mails.filter((x) => x !== bMail)) expect(m.body_text).not.toContain(bCode);

    // Delivered with the one-click unsubscribe header pointing at the link in the body.
    const [delivered] = await smtp.waitFor(
      1,
      (m) => m.to.includes(streetFan) && /^1 new report/.test(m.subject),
    );
    const link = UNSUBSCRIBE_LINK.exec(streetMail.body_text)![0];
    expect(delivered.headers.get('list-unsubscribe')).toBe(`<${link}>`);
    expect(delivered.headers.get('list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');

    // The next round the same day: nothing (at most one digest a day); the next day: nothing new.
    expect((await runAlertDigest(db.pool, db.config, db.municipality, { at })).subscriptions).toBe(
      0,
    );
    const later = await runAlertDigest(db.pool, db.config, db.municipality, {
      at: new Date(Date.now() + 2 * DAY),
    });
    expect(later.mails).toBe(0);
    expect((await digestMails()).rows).toHaveLength(4);
  });

  it('unsubscribes in one click: GET asks, POST deletes the subscription, the link then says it is spent', async () => {
    const { rows } = await digestMails();
    const mail = rows.find((m) => m.recipient === 'radius.fan@example.org')!;
    const token = UNSUBSCRIBE_LINK.exec(mail.body_text)![1];
    const page = await fetch(`${app.url}/avvisi/disiscrizione/${token}`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<form method="post">');
    expect(await alertsOf('radius.fan@example.org')).toHaveLength(1);
    // At another comune's address the link is unknown.
    const foreign = await fetch(`${app.url}/c/046024/avvisi/disiscrizione/${token}`, {
      method: 'POST',
    });
    expect(foreign.status).toBe(410);
    const done = await fetch(`${app.url}/avvisi/disiscrizione/${token}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
    });
    expect(done.status).toBe(200);
    expect(await done.text()).toContain('Avvisi disattivati');
    expect(await alertsOf('radius.fan@example.org')).toEqual([]);
    expect(
      (await fetch(`${app.url}/avvisi/disiscrizione/${token}`, { method: 'POST' })).status,
    ).toBe(410);
    expect((await fetch(`${app.url}/avvisi/disiscrizione/${'x'.repeat(32)}`)).status).toBe(410);
  });

  it('the unsubscribe pages speak the subscription’s language; a dead link the browser’s', async () => {
    const { rows } = await digestMails();
    const mail = rows.find((m) => m.recipient === 'fan.della.via@example.org')!;
    expect(mail.locale).toBe('en');
    const token = UNSUBSCRIBE_LINK.exec(mail.body_text)![1];
    const italianBrowser = { 'accept-language': 'it-IT,it;q=0.9' };
    const ask = await fetch(`${app.url}/avvisi/disiscrizione/${token}`, {
      headers: italianBrowser,
    });
    const askHtml = await ask.text();
    expect(askHtml).toContain('<html lang="en">');
    expect(askHtml).toContain('Stop these alerts?');
    expect(askHtml).toContain('>Stop the alerts</button>');
    expect(askHtml).not.toMatch(/Premi|avvisi|Disattiva/);
    // The subscription, to put back afterwards (a later test reads it).
    const saved = await db.pool.query(
      `select to_jsonb(a) as r from alert_subscription a where email = 'fan.della.via@example.org'`,
    );
    expect(saved.rows).toHaveLength(1);
    const done = await fetch(`${app.url}/avvisi/disiscrizione/${token}`, {
      method: 'POST',
      headers: italianBrowser,
    });
    const doneHtml = await done.text();
    expect(doneHtml).toContain('Alerts stopped');
    expect(doneHtml).not.toMatch(/Non riceverai|iscrizione/);
    const dead = await fetch(`${app.url}/avvisi/disiscrizione/${token}`, {
      headers: italianBrowser,
    });
    expect(dead.status).toBe(410);
    expect(await dead.text()).toContain(
      'Il link non è valido o gli avvisi sono già stati disattivati.',
    );
    const deadEn = await fetch(`${app.url}/avvisi/disiscrizione/${token}?lang=en`);
    expect(await deadEn.text()).toContain(
      'This link is not valid, or the alerts were already stopped.',
    );
    const { rows: columns } = await db.pool.query<{ list: string }>(
      `select string_agg(quote_ident(column_name), ', ') as list from information_schema.columns
       where table_name = 'alert_subscription' and is_generated = 'NEVER'`,
    );
    const list = columns[0].list;
    await db.pool.query(
      `insert into alert_subscription (${list})
       select ${list} from jsonb_populate_record(null::alert_subscription, $1)`,
      [saved.rows[0].r],
    );
  });

  it('the data copy lists the subscriptions of the address, the erasure deletes them', async () => {
    const email = 'fan.della.via@example.org';
    await db.services.dataSubject.request('data_copy', email, 'it', '192.0.2.5');
    const copy = await db.services.confirmations.confirm(
      await latestConfirmationToken(db, email, 'data_copy'),
      '192.0.2.5',
    );
    if (copy.kind !== 'data') throw new Error(copy.kind);
    expect(copy.copy.alerts).toHaveLength(1);
    expect(copy.copy.alerts[0]).toMatchObject({
      place: street.streetName,
      kind: 'street',
      streetId: street.streetId,
      locale: 'en',
    });
    expect(copy.copy.alerts[0].confirmed_at).not.toBeNull();
    expect(copy.copy.alerts[0].last_digest_at).not.toBeNull();
    expect(copy.copy.mails.map((m) => m.subject)).toEqual(
      expect.arrayContaining([expect.stringContaining('new report')]),
    );

    await db.services.dataSubject.request('erasure', email, 'it', '192.0.2.5');
    const erased = await db.services.confirmations.confirm(
      await latestConfirmationToken(db, email, 'confirm_erasure'),
      '192.0.2.5',
    );
    expect(erased).toMatchObject({ kind: 'erased', alerts: 1 });
    expect(await alertsOf(email)).toEqual([]);
    // B's subscriptions are B's: an erasure asked in A leaves them.
    expect(await alertsOf('pietrasanta@example.org')).toHaveLength(1);
  });

  it('retention deletes unconfirmed subscriptions once their link expired and confirmed ones after 12 months', async () => {
    const count = async (confirmed: boolean) =>
      (
        await db.pool.query<{ n: number }>(
          `select count(*)::int as n from alert_subscription where municipality_id = $1 and (confirmed_at is not null) = $2`,
          [db.municipality.id, confirmed],
        )
      ).rows[0].n;
    const unconfirmed = await count(false);
    const confirmed = await count(true);
    expect(unconfirmed).toBeGreaterThan(0);
    expect(confirmed).toBeGreaterThan(0);
    const soon = await runRetention(db.pool, db.config, db.municipality, {
      at: new Date(Date.now() + 71 * 3600 * 1000),
    });
    expect(soon).toMatchObject({ alertsUnconfirmed: 0, alertsLapsed: 0 });
    const expired = await runRetention(db.pool, db.config, db.municipality, {
      at: new Date(Date.now() + 73 * 3600 * 1000),
    });
    expect(expired).toMatchObject({ alertsUnconfirmed: unconfirmed, alertsLapsed: 0 });
    expect(await count(true)).toBe(confirmed);
    const dry = await runRetention(db.pool, db.config, db.municipality, {
      at: new Date(Date.now() + 366 * DAY),
      dryRun: true,
    });
    expect(dry.alertsLapsed).toBe(confirmed);
    expect(await count(true)).toBe(confirmed);
    await runRetention(db.pool, db.config, db.municipality, {
      at: new Date(Date.now() + 366 * DAY),
    });
    expect(await count(true)).toBe(0);
    // B's retention is B's own round.
    expect(await alertsOf('pietrasanta@example.org')).toHaveLength(1);
  });
});
