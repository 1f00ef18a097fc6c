// Onboarding a comune (seeds/comune.ts, npm run comune:add): Pietrasanta beside Seravezza, its first
// admin's one-time invite over HTTP and real SMTP, idempotency, refusals, disable/enable and the list.
import { gqlAt } from '../helpers/comune-http.js';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addComune,
  formatComuni,
  listComuni,
  resolveTerritory,
  setComuneEnabled,
  type AddComuneResult,
} from '../../seeds/comune.js';
import { readTemplate } from '../../seeds/comune-template.js';
import { SERAVEZZA } from '../../seeds/seravezza.catalog.js';
import { parseCsv } from '../../seeds/street-names.js';
import { projectPath } from '../../server/project-root.js';
import { createOutboxSender } from '../../server/mail/outbox-sender.js';
import { AuthService } from '../../server/services/auth.service.js';
import { createInvite } from '../../server/services/invite.service.js';
import { rowCounts } from '../helpers/citizen.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';
import { startTestApp, type TestApp } from '../helpers/graphql.js';
import { startTestSmtp, type TestSmtp } from '../helpers/smtp.js';

const ADMIN = 'sindaco@pietrasanta.example.org';
const ACCEPT = `mutation Accept($token: String!, $password: String!) {
  acceptInvite(token: $token, password: $password) { istatCode alias }
}`;

/** The invite page of a comune sends its link's token to that comune's own GraphQL endpoint. */
const acceptAt = (prefix: string, variables: Record<string, unknown>) =>
  gqlAt(app, `${prefix}/graphql`, ACCEPT, variables);

let db: TestDatabase;
let app: TestApp;
let smtp: TestSmtp;
let added: AddComuneResult;

/** The distinct ANNCSU names (DUG + DUF) of Pietrasanta, straight from the shipped files. */
async function expectedStreetCount(): Promise<number> {
  const comuni = JSON.parse(
    await readFile(projectPath('seeds', 'data', 'toscana', 'comuni.geojson'), 'utf8'),
  ) as { features: { properties: { com_istat_code: string; com_catasto_code: string } }[] };
  const belfiore = comuni.features.find((f) => f.properties.com_istat_code === '046024')!.properties
    .com_catasto_code;
  const [header, ...rows] = parseCsv(
    gunzipSync(
      await readFile(projectPath('seeds', 'data', 'toscana', 'odonimi.csv.gz')),
    ).toString(),
  );
  const [b, dug, duf] = ['codice_belfiore', 'DUG', 'DUF'].map((c) => header.indexOf(c));
  return new Set(rows.filter((r) => r[b] === belfiore).map((r) => `${r[dug]} ${r[duf]}`)).size;
}

const tokenOf = (url: string) => url.slice(url.lastIndexOf('/') + 1);

beforeAll(async () => {
  smtp = await startTestSmtp();
  db = await createTestDatabase({ SMTP_URL: smtp.url });
  app = await startTestApp(db.services);
  added = await addComune(db.pool, { istat: '046024', config: db.config, adminEmail: ADMIN });
});
afterAll(async () => {
  await app?.close();
  await smtp?.close();
  await db?.close();
});

describe('comune:add 046024 (Pietrasanta)', () => {
  it('creates the comune with its boundary, ANNCSU streets (generated geometries) and the template catalogue', async () => {
    expect(added).toMatchObject({ created: true, name: 'Pietrasanta', slug: 'pietrasanta' });
    expect(added.codePrefix).toMatch(/^P[A-Z]{2}$/);
    const m = (
      await db.pool.query(
        `select id, code_prefix, local_srid, enabled, mail_from, settings,
           st_contains(boundary, st_setsrid(st_makepoint(10.227, 43.959), 4326)) as has_town_hall,
           st_contains(boundary, st_setsrid(st_makepoint(10.2285, 43.9935), 4326)) as has_seravezza
         from municipality where istat_code = '046024'`,
      )
    ).rows;
    expect(m).toHaveLength(1);
    expect(m[0]).toMatchObject({ id: added.id, local_srid: 32632, enabled: true });
    expect(m[0].has_town_hall).toBe(true);
    expect(m[0].has_seravezza).toBe(false);
    expect(m[0].code_prefix).not.toBe(db.municipality.code_prefix);
    expect(m[0].mail_from).toBe('Comune di Pietrasanta – Segnala <segnala@localhost>');
    expect(m[0].settings.slaTargets).toEqual(readTemplate().settings.slaTargets);
    expect(m[0].settings.privacyNotice.it).toContain('Comune di Pietrasanta');

    const streets = (
      await db.pool.query(
        `select count(*)::int as n, count(*) filter (where geometry_source = 'generated')::int as generated,
           count(*) filter (where st_within(geom, (select boundary from municipality where id = $1)))::int as inside,
           count(*) filter (where name_display = 'Via della Libertà')::int as liberta
         from street where municipality_id = $1`,
        [added.id],
      )
    ).rows[0];
    const expected = await expectedStreetCount();
    expect(expected).toBeGreaterThan(400);
    expect(streets).toMatchObject({ n: expected, generated: expected, inside: expected });
    expect(added.streets).toBe(expected);

    const template = readTemplate();
    const offices = await db.pool.query<{ code: string; email: string }>(
      'select code, email from office where municipality_id = $1 order by id',
      [added.id],
    );
    expect(offices.rows.map((o) => o.code)).toEqual(template.offices.map((o) => o.code));
    expect(offices.rows[0].email).toBe('lavori.pubblici@pietrasanta.demo');
    const categories = await db.pool.query<{ code: string; sla_hours: number; office: string }>(
      `select c.code, c.sla_hours, o.code as office from category c join office o
         on o.municipality_id = c.municipality_id and o.id = c.office_id
       where c.municipality_id = $1 order by c.sort_order`,
      [added.id],
    );
    expect(categories.rows).toEqual(
      template.categories.map((c) => ({ code: c.code, sla_hours: c.slaHours, office: c.office })),
    );
    // Seravezza is untouched and keeps its own catalogue.
    const srv = await db.pool.query(
      'select count(*)::int as n from street where municipality_id = $1',
      [SERAVEZZA.id],
    );
    expect(srv.rows[0].n).toBe(302);
  });

  it("gives its categories the template's questions, on its form and as its Open311 attributes", async () => {
    const template = readTemplate();
    expect(template.questions.length).toBeGreaterThan(0);
    const stored = await db.pool.query(
      `select c.code as category, q.code, q.label_it as "labelIt", q.label_en as "labelEn", q.type, q.required
       from category_question q join category c on c.municipality_id = q.municipality_id and c.id = q.category_id
       where q.municipality_id = $1 order by q.sort_order`,
      [added.id],
    );
    expect(stored.rows).toEqual(
      template.questions.map(({ category, code, labelIt, labelEn, type, required }) => ({
        category,
        code,
        labelIt,
        labelEn,
        type,
        required,
      })),
    );
    const form = await gqlAt<{
      categories: { code: string; questions: { label: string; labelEn: string; type: string }[] }[];
      municipality: { codePrefix: string };
    }>(
      app,
      '/c/046024/graphql',
      '{ municipality { codePrefix } categories { code questions { label labelEn type } } }',
    );
    // The tracking page's example code starts with it.
    expect(form.data!.municipality.codePrefix).toBe(added.codePrefix);
    const asked = Object.fromEntries(form.data!.categories.map((c) => [c.code, c.questions]));
    expect(asked.illuminazione_pubblica).toContainEqual({
      label: 'Numero del palo',
      labelEn: 'Pole number',
      type: 'TEXT',
    });
    expect(asked.buca_stradale).toContainEqual({
      label: 'Carreggiata o marciapiede?',
      labelEn: 'Roadway or pavement?',
      type: 'SINGLE_CHOICE',
    });
    const services = (await (
      await fetch(`${app.url}/c/046024/open311/v2/services.json`)
    ).json()) as { service_code: string; metadata: boolean }[];
    const withQuestions = new Set(template.questions.map((q) => q.category));
    expect(services.length).toBe(template.categories.length);
    for (const s of services) expect(s.metadata).toBe(withQuestions.has(s.service_code));
    const light = (await (
      await fetch(`${app.url}/c/046024/open311/v2/services/illuminazione_pubblica.json`)
    ).json()) as { attributes: { code: string; description: string }[] };
    expect(light.attributes.map((a) => a.code)).toEqual(['numero_palo', 'guasto']);
  });

  it('creates the first admin without a password and queues the invite mail, delivered from the comune’s sender', async () => {
    const staff = await db.pool.query(
      'select email, role from staff_user where municipality_id = $1',
      [added.id],
    );
    expect(staff.rows).toEqual([{ email: ADMIN, role: 'admin' }]);
    const auth = new AuthService(db.pool, db.config, added.id);
    await expect(auth.login(ADMIN, '', '127.0.0.9')).rejects.toMatchObject({
      code: 'UNAUTHENTICATED',
    });
    const outbox = await db.pool.query(
      `select recipient, kind, body_text from notification_outbox where municipality_id = $1`,
      [added.id],
    );
    expect(outbox.rows).toHaveLength(1);
    expect(outbox.rows[0]).toMatchObject({ recipient: ADMIN, kind: 'staff_invite' });
    expect(outbox.rows[0].body_text).toContain(added.inviteUrl);
    const invites = await db.pool.query(
      'select token_hash from staff_invite where municipality_id = $1',
      [added.id],
    );
    expect(invites.rows).toHaveLength(1);
    expect(invites.rows[0].token_hash).not.toContain(tokenOf(added.inviteUrl!));

    const sender = createOutboxSender(db.pool, db.config, { info: () => {}, warn: () => {} });
    await sender.runOnce();
    const [mail] = await smtp.waitFor(1, (m) => m.to.includes(ADMIN));
    // The display name is MIME-encoded (it has a dash); the address is MAIL_FROM's.
    expect(mail.headers.get('from')).toMatch(/Comune.di.Pietrasanta.*<segnala@localhost>/);
    expect(mail.decoded).toContain(added.inviteUrl);
  });

  it('adding it twice changes no row and says so', async () => {
    const before = await rowCounts(db);
    const logs: string[] = [];
    const again = await addComune(db.pool, {
      istat: '046024',
      config: db.config,
      adminEmail: 'other@example.org',
      log: (m) => logs.push(m),
    });
    expect(again).toMatchObject({ created: false, id: added.id, streets: added.streets });
    expect(logs.join('\n')).toContain('nulla è cambiato');
    expect(await rowCounts(db)).toEqual(before);
  });

  it('refuses an unknown code and says where the boundary of a comune outside Toscana goes', async () => {
    await expect(resolveTerritory('12ab')).rejects.toThrow(/6 cifre/);
    await expect(resolveTerritory('046999')).rejects.toThrow(
      /Nessun comune con codice ISTAT 046999 in seeds\/data\/toscana\/comuni\.geojson/,
    );
    const before = await rowCounts(db);
    await expect(addComune(db.pool, { istat: '058091', config: db.config })).rejects.toThrow(
      /non è nei dati della Toscana.*seeds\/data\/<regione>\/comuni\.geojson.*com_istat_code/,
    );
    expect(await rowCounts(db)).toEqual(before);
    await expect(
      addComune(db.pool, { istat: '046013', config: db.config, adminEmail: 'not-an-address' }),
    ).rejects.toThrow(/--admin: "not-an-address" non è un indirizzo e-mail valido/);
    expect(await rowCounts(db)).toEqual(before);
  });
});

describe('the invite link', () => {
  const password = 'pietrasanta-2026!';

  it('sets the password once; a second use is refused and changes nothing', async () => {
    const token = tokenOf(added.inviteUrl!);
    // Another comune's address does not know the invite, and changes nothing.
    expect((await acceptAt('', { token, password })).errors?.[0].extensions).toMatchObject({
      reason: 'INVITE_UNKNOWN',
    });
    const ok = await acceptAt('/c/046024', { token, password });
    expect(ok.errors).toBeUndefined();
    expect(ok.data).toEqual({ acceptInvite: { istatCode: '046024', alias: 'pietrasanta' } });
    const auth = new AuthService(db.pool, db.config, added.id);
    const login = await auth.login(ADMIN, password, '127.0.0.9');
    expect(login.staff.role).toBe('admin');

    const hash = (
      await db.pool.query('select password_hash from staff_user where municipality_id = $1', [
        added.id,
      ])
    ).rows[0].password_hash;
    const again = await acceptAt('/c/046024', { token, password: 'someone-else-2026' });
    expect(again.errors?.[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'token',
      reason: 'INVITE_USED',
    });
    const after = (
      await db.pool.query('select password_hash from staff_user where municipality_id = $1', [
        added.id,
      ])
    ).rows[0].password_hash;
    expect(after).toBe(hash);
  });

  it('refuses an expired link and a tampered one', async () => {
    const staffId = (
      await db.pool.query<{ id: number }>('select id from staff_user where municipality_id = $1', [
        added.id,
      ])
    ).rows[0].id;
    const url = await createInvite(db.pool, {
      municipalityId: added.id,
      municipalityName: 'Pietrasanta',
      staffId,
      email: ADMIN,
      role: 'admin',
      publicUrl: db.config.publicUrl,
    });
    const token = tokenOf(url);
    const tampered = `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`;
    const bad = await acceptAt('/c/046024', { token: tampered, password });
    expect(bad.errors?.[0].extensions).toMatchObject({ reason: 'INVITE_UNKNOWN' });
    expect(
      (await acceptAt('/c/046024', { token: 'short', password })).errors?.[0].extensions,
    ).toMatchObject({
      reason: 'INVITE_UNKNOWN',
    });
    await db.pool.query(
      "update staff_invite set expires_at = now() - interval '1 minute' where municipality_id = $1 and used_at is null",
      [added.id],
    );
    const expired = await acceptAt('/c/046024', { token, password: 'another-password-1' });
    expect(expired.errors?.[0].extensions).toMatchObject({ reason: 'INVITE_EXPIRED' });
    const unused = await db.pool.query(
      'select count(*)::int as n from staff_invite where municipality_id = $1 and used_at is null',
      [added.id],
    );
    expect(unused.rows[0].n).toBe(1);
  });
});

describe('comune:disable, comune:enable, comune:list', () => {
  it('disables and enables a comune, keeping its data', async () => {
    const before = await rowCounts(db);
    expect(await setComuneEnabled(db.pool, '046024', false)).toEqual({
      name: 'Pietrasanta',
      changed: true,
    });
    expect(await setComuneEnabled(db.pool, '046024', false)).toEqual({
      name: 'Pietrasanta',
      changed: false,
    });
    const m = await db.pool.query("select enabled from municipality where istat_code = '046024'");
    expect(m.rows[0].enabled).toBe(false);
    expect(await rowCounts(db)).toEqual(before);
    expect((await setComuneEnabled(db.pool, '046024', true)).changed).toBe(true);
    await expect(setComuneEnabled(db.pool, '046013', false)).rejects.toThrow(/comune:list/);
  });

  it('lists every comune with alias, state and counts', async () => {
    await setComuneEnabled(db.pool, '046024', false);
    const rows = await listComuni(db.pool);
    // Every comune of the database: Pietrasanta and Seravezza (with SEGNALA_TEST_COMUNE, Seravezza is
    // closed and that comune is there too).
    const all = await db.pool.query<{ istat_code: string; slug: string; enabled: boolean }>(
      'select istat_code, slug, enabled from municipality order by istat_code',
    );
    expect(rows.map((r) => [r.istat, r.alias, r.enabled])).toEqual(
      all.rows.map((m) => [m.istat_code, m.slug, m.enabled]),
    );
    expect(rows[0]).toMatchObject({ istat: '046024', alias: 'pietrasanta', enabled: false });
    const seravezza = all.rows.find((m) => m.istat_code === '046028')!;
    expect(rows[0]).toMatchObject({ offices: 5, streets: added.streets, tickets: 0 });
    const text = formatComuni(rows).split('\n');
    expect(text[0]).toMatch(/^ISTAT\s+Comune\s+Alias\s+Attivo\s+Uffici\s+Vie\s+Segnalazioni$/);
    expect(text[1]).toMatch(
      new RegExp(`^046024\\s+Pietrasanta\\s+pietrasanta\\s+no\\s+5\\s+${added.streets}\\s+0$`),
    );
    const open = seravezza.enabled ? 'sì' : 'no';
    expect(text.find((line) => line.startsWith('046028'))).toMatch(
      new RegExp(`^046028\\s+Seravezza\\s+seravezza\\s+${open}\\s+5\\s+302\\s+\\d+$`),
    );
    await setComuneEnabled(db.pool, '046024', true);
  });
});

describe('comune:add --demo-tickets', () => {
  it('gives a new comune its own demo reports, inside its boundary, with its own code prefix', async () => {
    const forte = await addComune(db.pool, {
      istat: '046013',
      config: db.config,
      demoTickets: 40,
    });
    expect(forte).toMatchObject({ created: true, name: 'Forte dei Marmi', tickets: 40 });
    const t = (
      await db.pool.query(
        `select count(*)::int as n,
           count(*) filter (where st_within(t.location::geometry, m.boundary))::int as inside,
           count(*) filter (where t.code like m.code_prefix || '-%')::int as prefixed,
           count(distinct t.office_id) filter (where o.municipality_id = m.id)::int as offices
         from ticket t join municipality m on m.id = t.municipality_id
         join office o on o.municipality_id = t.municipality_id and o.id = t.office_id
         where m.istat_code = '046013'`,
      )
    ).rows[0];
    expect(t).toMatchObject({ n: 40, inside: 40, prefixed: 40 });
    expect(t.offices).toBeGreaterThan(1);
    const admin = await db.pool.query('select email from staff_user where municipality_id = $1', [
      forte.id,
    ]);
    expect(admin.rows).toEqual([{ email: 'admin@forte-dei-marmi.demo' }]);
  });
});

describe('comune:add --template FILE', () => {
  it("uses the operator's own template for the offices, categories and sender", async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'segnala-template-'));
    const file = path.join(dir, 'montano.json');
    const base = readTemplate();
    await writeFile(
      file,
      JSON.stringify({
        offices: [
          { code: 'tecnico', name: 'Ufficio Tecnico', emailPattern: 'tecnico@{slug}.example.org' },
        ],
        categories: [{ ...base.categories[0], office: 'tecnico', slaHours: 96 }],
        settings: { ...base.settings, mailFrom: 'Comune di {name} <urp@{slug}.example.org>' },
      }),
    );
    // Not Stazzema (046030): the suite runs against it with SEGNALA_TEST_COMUNE (test-comune.ts).
    const r = await addComune(db.pool, { istat: '046008', config: db.config, templateFile: file });
    await rm(dir, { recursive: true, force: true });
    expect(r).toMatchObject({ created: true, name: 'Careggine', offices: 1, categories: 1 });
    const row = (
      await db.pool.query(
        `select m.mail_from, o.email, c.sla_hours from municipality m
         join office o on o.municipality_id = m.id join category c on c.municipality_id = m.id
         where m.id = $1`,
        [r.id],
      )
    ).rows;
    expect(row).toEqual([
      {
        mail_from: 'Comune di Careggine <urp@careggine.example.org>',
        email: 'tecnico@careggine.example.org',
        sla_hours: 96,
      },
    ]);
  });
});
