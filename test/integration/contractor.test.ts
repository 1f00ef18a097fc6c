// External contractors (issue 12, part 6): admins keep them; an operator forwards a ticket with
// instructions; the contractor gets a real mail with a personal link, opens the page (never the
// reporter's contact), posts notes and photos, marks the work done; every action audited under the
// contractor's name. Expired, revoked and tampered links answer a clear page and change nothing.
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Viewer } from '../../server/domain/viewer.js';
import { rowCounts } from '../helpers/citizen.js';
import { startTestApp, type TestApp } from '../helpers/graphql.js';
import { createStaff, errorCode, insertTicket } from '../helpers/staff-fixtures.js';
import { officeEmail } from '../helpers/test-comune.js';
import { startWorkflowFixture, type WorkflowFixture } from '../helpers/workflow-fixture.js';

const SAVE = `mutation($input: ContractorInput!) { saveContractor(input: $input) { id name email categoryIds disabledAt } }`;
const FORWARD = `mutation($id: ID!, $version: Int!, $c: ID!, $i: String, $show: Boolean, $days: Int) {
  forwardToContractor(id: $id, version: $version, contractorId: $c, instructions: $i, showNameToCitizen: $show, expiresInDays: $days) {
    ticket { id status version contractor { id name linkActive doneAt shownToCitizen } } } }`;
const STAFF_TICKET = `query($id: ID!) { staffTicket(id: $id) { status version contractor { id name linkActive doneAt } } }`;

const REPORTER = 'segreto.cittadino@example.org';

describe('external contractors', () => {
  let fx: WorkflowFixture;
  let app: TestApp;
  let admin: Viewer;
  let planner: Viewer;
  let contractorId: string;

  beforeAll(async () => {
    fx = await startWorkflowFixture();
    fx.sender.start();
    app = await startTestApp(fx.db.services);
    admin = await createStaff(fx.db, 'admin-ditte@example.org', 'admin');
    planner = await createStaff(fx.db, 'planner-ditte@example.org', 'planner');
  });

  afterAll(async () => {
    await app?.close();
    await fx?.close();
  });

  const m = () => fx.db.municipality.id;

  async function forward(
    ticket: { id: number },
    overrides: Record<string, unknown> = {},
  ): Promise<{ token: string; mail: string }> {
    const sent = fx.smtp.mails.length;
    const r = await fx.gql(fx.operator, FORWARD, {
      id: String(ticket.id),
      version: await version(ticket.id),
      c: contractorId,
      i: 'Chiudere la buca entro venerdì; transennare.',
      ...overrides,
    });
    expect(r.errors).toBeUndefined();
    const [mail] = await fx.smtp.waitFor(
      1,
      (x) => x.to.includes('lavori@ditta-rossi.example') && fx.smtp.mails.indexOf(x) >= sent,
    );
    const token = /\/ditta\/([A-Za-z0-9_-]{43})/.exec(mail.decoded)![1];
    return { token, mail: mail.decoded };
  }

  async function version(id: number): Promise<number> {
    const { rows } = await fx.db.pool.query<{ version: number }>(
      'select version from ticket where municipality_id = $1 and id = $2',
      [m(), id],
    );
    return rows[0].version;
  }

  const page = (token: string, query = '', prefix = '') =>
    fetch(`${app.url}${prefix}/ditta/${token}${query}`, { redirect: 'manual' });

  async function formKey(token: string): Promise<string> {
    const html = await (await page(token)).text();
    return /name="form" value="([^"]+)"/.exec(html)![1];
  }

  const post = (token: string, action: string, fields: Record<string, string>) =>
    fetch(`${app.url}/ditta/${token}/${action}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(fields).toString(),
      redirect: 'manual',
    });

  it('admins keep contractors; operators list them; planners and citizens cannot', async () => {
    const cats = await fx.db.pool.query<{ id: number }>(
      "select id from category where municipality_id = $1 and code in ('buca_stradale', 'marciapiede') order by id",
      [m()],
    );
    const created = await fx.gql(admin, SAVE, {
      input: {
        name: 'Ditta Rossi Asfalti',
        email: 'lavori@ditta-rossi.example',
        categoryIds: cats.rows.map((c) => String(c.id)),
      },
    });
    expect(created.errors).toBeUndefined();
    contractorId = (created.data!.saveContractor as { id: string }).id;
    expect(
      errorCode(await fx.gql(fx.operator, SAVE, { input: { name: 'X', email: 'x@example.org' } })),
    ).toBe('FORBIDDEN');
    expect(
      errorCode(await fx.gql(null, SAVE, { input: { name: 'X', email: 'x@example.org' } })),
    ).toBe('UNAUTHENTICATED');
    const dup = await fx.gql(admin, SAVE, {
      input: { name: 'ditta rossi asfalti', email: 'y@example.org' },
    });
    expect(dup.errors?.[0].extensions?.field).toBe('name');
    const list = await fx.gql(fx.operator, '{ contractors { id name categoryIds } }');
    expect(list.data?.contractors).toEqual([
      {
        id: contractorId,
        name: 'Ditta Rossi Asfalti',
        categoryIds: cats.rows.map((c) => String(c.id)),
      },
    ]);
    expect(errorCode(await fx.gql(planner, '{ contractors { id } }'))).toBe('FORBIDDEN');
    expect(
      errorCode(await fx.gql(fx.operator, '{ contractors(includeDisabled: true) { id } }')),
    ).toBe('FORBIDDEN');
    const other = await fx.gql(admin, SAVE, {
      input: { name: 'Verde Srl', email: 'verde@example.org' },
    });
    const otherId = (other.data!.saveContractor as { id: string }).id;
    const off = await fx.gql(
      admin,
      `mutation($id: ID!) { setContractorDisabled(id: $id, disabled: true) { disabledAt } }`,
      { id: otherId },
    );
    expect((off.data!.setContractorDisabled as { disabledAt: string }).disabledAt).toBeTruthy();
    expect(
      ((await fx.gql(fx.operator, '{ contractors { id } }')).data!.contractors as unknown[]).length,
    ).toBe(1);
  });

  it('forward → mail with the link → the page (no reporter contact) → note, photo, done → back to the office', async () => {
    const ticket = await insertTicket(fx.db, {
      reporter: { email: REPORTER },
      title: 'Buca in via Roma',
    });
    await fx.db.pool.query(
      "update reporter set name = 'Nome Segreto', phone = '+39 333 9999999' where municipality_id = $1 and ticket_id = $2",
      [m(), ticket.id],
    );
    const { token, mail } = await forward(ticket);
    expect(mail).toContain('Ditta Rossi Asfalti');
    expect(mail).toContain('Chiudere la buca entro venerdì');
    expect(mail).toContain(`http://segnala.test/ditta/${token}`);
    expect(mail).not.toContain(REPORTER);
    expect(mail).not.toContain('Nome Segreto');

    // The ticket is in lavorazione; the public timeline says "affidata a una ditta esterna", unnamed.
    const st = await fx.gql(fx.operator, STAFF_TICKET, { id: String(ticket.id) });
    expect(st.data?.staffTicket).toMatchObject({
      status: 'IN_PROGRESS',
      contractor: { id: contractorId, name: 'Ditta Rossi Asfalti', linkActive: true, doneAt: null },
    });
    const pub = await fx.gql(
      null,
      `query($c: String!) { ticket(code: $c) { status timeline { kind note status } } }`,
      { c: ticket.code },
    );
    const timeline = (pub.data!.ticket as { timeline: { kind: string; note: string | null }[] })
      .timeline;
    expect(timeline.at(-1)).toEqual({ kind: 'forwarded', note: null, status: 'IN_PROGRESS' });
    expect(JSON.stringify(pub)).not.toContain('Rossi Asfalti');

    // The page, in Italian and in English, under the default path and the comune's /c/{istat} path.
    const it_ = await page(token);
    expect(it_.status).toBe(200);
    const html = await it_.text();
    expect(html).toContain('<html lang="it">');
    expect(html).toContain('Buca in via Roma');
    expect(html).toContain('Chiudere la buca entro venerdì');
    expect(html).toContain('43.992500, 10.227500');
    for (const secret of [REPORTER, 'Nome Segreto', '9999999', 'reporter'])
      expect(html).not.toContain(secret);
    const en = await (await page(token, '?lang=en')).text();
    expect(en).toContain('<html lang="en">');
    expect(en).toContain('Mark the work as done');
    expect(en).not.toContain(REPORTER);
    const prefixed = await page(token, '', `/c/${fx.db.municipality.istat_code}`);
    expect(prefixed.status).toBe(200);
    expect(await prefixed.text()).toContain(
      `action="/c/${fx.db.municipality.istat_code}/ditta/${token}/note"`,
    );

    const key = await formKey(token);
    const note = await post(token, 'note', {
      form: key,
      text: 'Transenne posate, asfalto domani.',
      lang: 'it',
    });
    expect(note.status).toBe(303);
    expect(note.headers.get('location')).toBe(`/ditta/${token}?lang=it&saved=note`);

    const jpeg = await sharp({ create: { width: 16, height: 16, channels: 3, background: '#654' } })
      .jpeg()
      .toBuffer();
    const form = new FormData();
    form.append('form', key);
    form.append('lang', 'en');
    form.append('file', new Blob([new Uint8Array(jpeg)], { type: 'image/jpeg' }), 'lavoro.jpg');
    const photo = await fetch(`${app.url}/ditta/${token}/photo`, {
      method: 'POST',
      body: form,
      redirect: 'manual',
    });
    expect(photo.status).toBe(303);
    const photos = await fx.db.pool.query(
      'select id from attachment where municipality_id = $1 and ticket_id = $2',
      [m(), ticket.id],
    );
    expect(photos.rowCount).toBe(1);
    const withPhoto = await (await page(token)).text();
    expect(withPhoto).toContain(`/attachments/${photos.rows[0].id}`);
    expect(withPhoto).toContain('Transenne posate, asfalto domani.');

    const officeMails = fx.smtp.mails.length;
    const done = await post(token, 'done', { form: key, text: 'Buca chiusa.', lang: 'it' });
    expect(done.status).toBe(303);
    const [notice] = await fx.smtp.waitFor(
      1,
      (x) =>
        x.subject.includes('Lavoro concluso dalla ditta') &&
        fx.smtp.mails.indexOf(x) >= officeMails,
    );
    expect(notice.to).toContain(await officeEmail(fx.db, 'lavori_pubblici'));

    // Back to the office: still in lavorazione until the office confirms the resolution.
    const after = await fx.gql(fx.operator, STAFF_TICKET, { id: String(ticket.id) });
    expect(after.data?.staffTicket).toMatchObject({
      status: 'IN_PROGRESS',
      contractor: { linkActive: false },
    });
    expect(
      (after.data!.staffTicket as { contractor: { doneAt: string } }).contractor.doneAt,
    ).toBeTruthy();
    const events = await fx.db.pool.query(
      `select kind, actor_staff_id, actor_contractor_id, public from ticket_event where municipality_id = $1 and ticket_id = $2
       and actor_contractor_id is not null order by id`,
      [m(), ticket.id],
    );
    expect(events.rows).toEqual(
      ['contractor_note', 'contractor_note', 'contractor_done'].map((kind) => ({
        kind,
        actor_staff_id: null,
        actor_contractor_id: Number(contractorId),
        public: false,
      })),
    );
    // Audited under the contractor's name.
    const audit = await fx.gql(
      admin,
      `{ auditLog(filter: { action: "contractor." }, first: 10) { edges { node { action actorEmail actorContractorName details } } } }`,
    );
    const actions = (
      audit.data!.auditLog as { edges: { node: Record<string, unknown> }[] }
    ).edges.map((e) => e.node);
    expect(
      actions
        .map((a) => a.action)
        .filter((a) => a !== 'contractor.create' && a !== 'contractor.disable'),
    ).toEqual(['contractor.markDone', 'contractor.addPhoto', 'contractor.addNote']);
    for (const a of actions.filter(
      (x) => String(x.action).startsWith('contractor.add') || x.action === 'contractor.markDone',
    )) {
      expect(a.actorEmail).toBeNull();
      expect(a.actorContractorName).toBe('Ditta Rossi Asfalti');
      expect(a.details).toMatchObject({ contractorName: 'Ditta Rossi Asfalti' });
    }

    // Done: the page still shows the ticket, but accepts nothing more.
    const closed = await (await page(token)).text();
    expect(closed).not.toContain('name="text"');
    const before = await rowCounts(fx.db);
    expect((await post(token, 'note', { form: key, text: 'ancora' })).status).toBe(409);
    expect(await rowCounts(fx.db)).toEqual(before);

    // The office resolves it as usual.
    const resolved = await fx.gql(
      fx.operator,
      `mutation($id: ID!, $v: Int!) { resolveTicket(id: $id, version: $v, note: "Riparata dalla ditta.") { ticket { status } } }`,
      { id: String(ticket.id), v: await version(ticket.id) },
    );
    expect(resolved.errors).toBeUndefined();
  });

  it('the office may name the contractor on the public timeline', async () => {
    const ticket = await insertTicket(fx.db);
    await forward(ticket, { show: true });
    const pub = await fx.gql(
      null,
      `query($c: String!) { ticket(code: $c) { timeline { kind note } } }`,
      { c: ticket.code },
    );
    expect((pub.data!.ticket as { timeline: unknown[] }).timeline.at(-1)).toEqual({
      kind: 'forwarded',
      note: 'Ditta Rossi Asfalti',
    });
  });

  it('revoked, expired and tampered links answer a clear page and change nothing; a bad form key too', async () => {
    const ticket = await insertTicket(fx.db);
    const { token } = await forward(ticket);
    const key = await formKey(token);
    const before = await rowCounts(fx.db);

    // Tampered: one character changed, a wrong shape, a wrong form key.
    const tampered = token.slice(0, -1) + (token.endsWith('A') ? 'B' : 'A');
    const t1 = await page(tampered);
    expect(t1.status).toBe(404);
    expect(await t1.text()).toContain('Link non valido');
    expect((await page('abc')).status).toBe(404);
    expect((await post(tampered, 'note', { form: key, text: 'x' })).status).toBe(404);
    const wrongKey = await post(token, 'note', { form: 'x'.repeat(32), text: 'x' });
    expect(wrongKey.status).toBe(403);
    expect((await post(token, 'done', { text: 'x' })).status).toBe(403);
    expect(await rowCounts(fx.db)).toEqual(before);

    // Expired.
    await fx.db.pool.query(
      "update contractor_link set expires_at = now() - interval '1 minute' where municipality_id = $1 and ticket_id = $2",
      [m(), ticket.id],
    );
    const expiredCounts = await rowCounts(fx.db);
    const e1 = await page(token, '?lang=en');
    expect(e1.status).toBe(410);
    expect(await e1.text()).toContain('Link expired');
    expect((await post(token, 'done', { form: key })).status).toBe(410);
    expect(await rowCounts(fx.db)).toEqual(expiredCounts);

    // Revoked by the office (a fresh forwarding, then revoke).
    const again = await forward(ticket);
    const revoke = await fx.gql(
      fx.operator,
      `mutation($id: ID!) { revokeContractorLink(id: $id) { ticket { contractor { id } } } }`,
      { id: String(ticket.id) },
    );
    expect(revoke.errors).toBeUndefined();
    expect(
      (revoke.data!.revokeContractorLink as { ticket: { contractor: unknown } }).ticket.contractor,
    ).toBeNull();
    const revokedCounts = await rowCounts(fx.db);
    const r1 = await page(again.token);
    expect(r1.status).toBe(410);
    expect(await r1.text()).toContain('Link revocato');
    expect(
      (await post(again.token, 'note', { form: await formKeyOf(again.token), text: 'x' })).status,
    ).toBe(410);
    expect(await rowCounts(fx.db)).toEqual(revokedCounts);
    const audit = await fx.db.pool.query(
      "select count(*)::int as n from audit_log where municipality_id = $1 and action = 'ticket.revokeContractorLink'",
      [m()],
    );
    expect(audit.rows[0].n).toBe(1);
  });

  it('forwarding: only the ticket office operators and admins, an active contractor, an open ticket', async () => {
    const ticket = await insertTicket(fx.db);
    const other = await createStaff(fx.db, 'verde-op@example.org', 'operator', ['verde_pubblico']);
    const vars = { id: String(ticket.id), version: 1, c: contractorId };
    expect(errorCode(await fx.gql(other, FORWARD, vars))).toBe('FORBIDDEN');
    expect(errorCode(await fx.gql(planner, FORWARD, vars))).toBe('FORBIDDEN');
    expect(errorCode(await fx.gql(null, FORWARD, vars))).toBe('UNAUTHENTICATED');
    expect(errorCode(await fx.gql(fx.operator, FORWARD, { ...vars, version: 7 }))).toBe('CONFLICT');
    const disabled = await fx.db.pool.query<{ id: number }>(
      "select id from contractor where municipality_id = $1 and name = 'Verde Srl'",
      [m()],
    );
    const bad = await fx.gql(fx.operator, FORWARD, { ...vars, c: String(disabled.rows[0].id) });
    expect(bad.errors?.[0].extensions?.field).toBe('contractorId');
    expect(
      (await fx.gql(fx.operator, FORWARD, { ...vars, days: 0 })).errors?.[0].extensions?.field,
    ).toBe('expiresInDays');
    await fx.db.pool.query(
      "update ticket set status = 'rejected', reject_reason = 'not_a_fault' where municipality_id = $1 and id = $2",
      [m(), ticket.id],
    );
    expect(errorCode(await fx.gql(fx.operator, FORWARD, vars))).toBe('TICKET_CLOSED');
  });

  async function formKeyOf(token: string): Promise<string> {
    const { contractorFormKey } = await import('../../server/services/contractor-token.js');
    return contractorFormKey(token);
  }
});
