// The office ticket page (issue 12, parts 2–4 and 7): the actions a viewer may take, computed from the
// server's transition table; assignment to a person (mailed through a real SMTP server); reassigning
// the office clears it; canned replies; photos staff may hide; the merge target on both timelines; the
// HTML 404 page.
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TICKET_EDITS } from '../../server/domain/ticket-permissions.js';
import {
  allowedActions,
  isOpen,
  TICKET_STATUSES,
  type TicketStatus,
} from '../../server/domain/ticket-status.js';
import type { Viewer } from '../../server/domain/viewer.js';
import { categoryId, reportInput, streetPoint } from '../helpers/citizen.js';
import { getAt } from '../helpers/comune-http.js';
import { startTestApp, type TestApp } from '../helpers/graphql.js';
import {
  createStaff,
  errorCode,
  insertTicket,
  officeId,
  TEST_PASSWORD,
} from '../helpers/staff-fixtures.js';
import { startWorkflowFixture, type WorkflowFixture } from '../helpers/workflow-fixture.js';
import { officeEmail } from '../helpers/test-comune.js';

let fx: WorkflowFixture;
let app: TestApp;
let operator: Viewer;
let colleague: Viewer;
let planner: Viewer;
let admin: Viewer;
let otherOffice: Viewer;

beforeAll(async () => {
  fx = await startWorkflowFixture();
  operator = fx.operator;
  colleague = await createStaff(fx.db, 'collega@example.org', 'operator', ['lavori_pubblici']);
  planner = await createStaff(fx.db, 'pianificatore@example.org', 'planner');
  admin = await createStaff(fx.db, 'amministratore@example.org', 'admin');
  otherOffice = await createStaff(fx.db, 'vigile@example.org', 'operator', ['polizia_municipale']);
  app = await startTestApp(fx.db.services);
}, 120_000);
afterAll(async () => {
  await app?.close();
  await fx?.close();
});

async function ticketIn(status: TicketStatus): Promise<{ id: number; code: string }> {
  const t = await insertTicket(fx.db);
  const original = status === 'duplicate' ? (await insertTicket(fx.db)).id : null;
  await fx.db.pool.query(
    // The comune named and the reason chosen here: the same statement runs on Citus (docs/scale.md).
    `update ticket set status = $2::ticket_status, reject_reason = $4, duplicate_of = $3::bigint where municipality_id = $5 and id = $1`,
    [t.id, status, original, status === 'rejected' ? 'not_a_fault' : null, fx.db.municipality.id],
  );
  return t;
}

async function actionsOf(viewer: Viewer, id: number): Promise<string[]> {
  const r = await fx.gql(viewer, 'query($id: ID!) { staffTicket(id: $id) { availableActions } }', {
    id: String(id),
  });
  expect(r.errors).toBeUndefined();
  return (r.data!.staffTicket as { availableActions: string[] }).availableActions;
}

async function sendAll(): Promise<void> {
  while ((await fx.sender.runOnce()) > 0);
}

const png = () =>
  sharp({ create: { width: 8, height: 8, channels: 3, background: '#884400' } })
    .png()
    .toBuffer();

describe('availableActions', () => {
  it('follows the transition table for each phase, and the role and office of the viewer', async () => {
    for (const status of TICKET_STATUSES) {
      const t = await ticketIn(status);
      const edits = Object.entries(TICKET_EDITS)
        .filter(([, e]) => !e.openOnly || isOpen({ status }))
        .map(([name]) => name);
      const expected = [...allowedActions(status), ...edits];
      expect(await actionsOf(operator, t.id), status).toEqual(expected);
      expect(await actionsOf(admin, t.id), status).toEqual(expected);
      expect(await actionsOf(planner, t.id), status).toEqual([]);
      // A read-only token of the operator sees the ticket, may do nothing.
      expect(await actionsOf({ ...operator, scopes: ['tickets:read'], tokenId: 1 }, t.id)).toEqual(
        [],
      );
    }
    // A resolved ticket offers neither reassignment nor duplicate marking: only reopen, notes, photos
    // and moderation of the public text (personal data can be taken out at any time).
    // The contractor link can still be revoked (a reopening would make it work again), not forwarded.
    expect(await actionsOf(operator, (await ticketIn('resolved')).id)).toEqual([
      'reopenTicket',
      'addNote',
      'setPhotoPublic',
      'setAttachmentPublic',
      'moderateTicket',
      'revokeContractorLink',
    ]);
  });

  it('lists the contractor actions for those who may forward and revoke, in the phases the mutations allow', async () => {
    // The panel on the ticket page shows the forwarding form and the revoke button from these alone.
    for (const status of ['received', 'acknowledged', 'in_progress'] as const) {
      const open = await ticketIn(status);
      for (const viewer of [operator, admin])
        expect(await actionsOf(viewer, open.id), status).toEqual(
          expect.arrayContaining(['forwardToContractor', 'revokeContractorLink']),
        );
      expect(await actionsOf(planner, open.id)).toEqual([]);
    }
    for (const status of ['resolved', 'rejected', 'duplicate'] as const) {
      const closed = await ticketIn(status);
      const actions = await actionsOf(operator, closed.id);
      expect(actions, status).not.toContain('forwardToContractor');
      expect(actions, status).toContain('revokeContractorLink');
    }
    // What the list leaves out, the mutations refuse: a planner on an open ticket, anyone on a closed one.
    const contractor = await fx.gql(
      admin,
      'mutation { saveContractor(input: { name: "Ditta Elenco", email: "elenco@example.org" }) { id } }',
    );
    expect(contractor.errors).toBeUndefined();
    const contractorId = (contractor.data!.saveContractor as { id: string }).id;
    const forward = (viewer: Viewer, id: number) =>
      fx.gql(
        viewer,
        'mutation($id: ID!, $c: ID!) { forwardToContractor(id: $id, version: 1, contractorId: $c) { ticket { id } } }',
        { id: String(id), c: contractorId },
      );
    const open = await ticketIn('received');
    expect(errorCode(await forward(planner, open.id))).toBe('FORBIDDEN');
    expect(
      errorCode(
        await fx.gql(
          planner,
          'mutation($id: ID!) { revokeContractorLink(id: $id) { ticket { id } } }',
          {
            id: String(open.id),
          },
        ),
      ),
    ).toBe('FORBIDDEN');
    expect(errorCode(await forward(operator, (await ticketIn('resolved')).id))).toBe(
      'TICKET_CLOSED',
    );
    expect((await forward(operator, open.id)).errors).toBeUndefined();
  });

  it('refuses on the server what it does not list: priority and assignment of a closed ticket', async () => {
    const t = await ticketIn('resolved');
    const priority = await fx.gql(
      operator,
      'mutation($id: ID!) { setPriority(id: $id, version: 1, priority: 1) { ticket { id } } }',
      { id: String(t.id) },
    );
    expect(errorCode(priority)).toBe('TICKET_CLOSED');
    const assign = await fx.gql(
      operator,
      'mutation($id: ID!, $a: ID!) { assignTicket(id: $id, version: 1, assigneeId: $a) { ticket { id } } }',
      { id: String(t.id), a: String(colleague.staffId) },
    );
    expect(errorCode(assign)).toBe('TICKET_CLOSED');
  });
});

describe('replyRecipients', () => {
  const recipients = async (id: number) => {
    const r = await fx.gql(
      operator,
      'query($id: ID!) { staffTicket(id: $id) { replyRecipients { reporter supporters } } }',
      { id: String(id) },
    );
    expect(r.errors).toBeUndefined();
    return (r.data!.staffTicket as { replyRecipients: { reporter: boolean; supporters: number } })
      .replyRecipients;
  };
  /** The mails a public note really queues: the count the composer must have said. */
  const mailedByPublicNote = async (id: number) => {
    const before = await fx.db.pool.query<{ n: number }>(
      'select count(*)::int as n from notification_outbox where ticket_id = $1',
      [id],
    );
    const r = await fx.gql(
      operator,
      'mutation($id: ID!) { addNote(id: $id, text: "Risposta ai cittadini.", public: true) { ticket { id } } }',
      { id: String(id) },
    );
    expect(r.errors).toBeUndefined();
    const after = await fx.db.pool.query<{ n: number }>(
      'select count(*)::int as n from notification_outbox where ticket_id = $1',
      [id],
    );
    return after.rows[0].n - before.rows[0].n;
  };
  const supporter = (id: number, email: string, unsubscribed = false) =>
    fx.db.pool.query(
      `insert into ticket_supporter (municipality_id, ticket_id, email, locale, unsubscribed_at)
       values ($1, $2, $3, 'it', case when $4 then now() end)`,
      [fx.db.municipality.id, id, email, unsubscribed],
    );

  it('counts only who the mailer reaches: no reporter for a phone report without e-mail, no unsubscribed supporter', async () => {
    // Taken on the phone with the citizen's name and phone, no e-mail: a reporter row, no address.
    const { email: _e, ...report } = reportInput(
      await categoryId(fx.db, 'buca_stradale'),
      await streetPoint(fx.db, 7),
    );
    void _e;
    const filed = await fx.gql(
      operator,
      'mutation($input: StaffReportInput!) { createStaffReport(input: $input) { ticket { code } } }',
      { input: { ...report, phone: '+39 0584 111111', channel: 'PHONE' } },
    );
    expect(filed.errors).toBeUndefined();
    const code = (filed.data!.createStaffReport as { ticket: { code: string } }).ticket.code;
    const phone = Number(
      (await fx.db.pool.query('select id from ticket where code = $1', [code])).rows[0].id,
    );
    // A reporter row exists (the staff took the report), but it has no address to mail.
    expect(
      (await fx.db.pool.query('select email from reporter where ticket_id = $1', [phone])).rows,
    ).toEqual([{ email: null }]);
    expect(
      (
        await fx.gql(operator, 'query($id: ID!) { staffTicket(id: $id) { reporter { name } } }', {
          id: String(phone),
        })
      ).data,
    ).toEqual({ staffTicket: { reporter: { name: 'Mario Rossi' } } });
    expect(await recipients(phone)).toEqual({ reporter: false, supporters: 0 });
    await supporter(phone, 'vicino@example.org');
    await supporter(phone, 'andato-via@example.org', true);
    expect(await recipients(phone)).toEqual({ reporter: false, supporters: 1 });
    expect(await mailedByPublicNote(phone)).toBe(1);

    // A citizen's report: the reporter counts until unsubscribed; a supporter with the reporter's own
    // address is mailed once, as the reporter.
    const web = await insertTicket(fx.db, {
      reporter: { email: 'mario@example.org' },
      supporters: [{ email: 'anna@example.org' }, { email: 'mario@example.org' }],
    });
    expect(await recipients(web.id)).toEqual({ reporter: true, supporters: 1 });
    expect(await mailedByPublicNote(web.id)).toBe(2);
    await fx.db.pool.query('update reporter set unsubscribed_at = now() where ticket_id = $1', [
      web.id,
    ]);
    expect(await recipients(web.id)).toEqual({ reporter: false, supporters: 1 });
    expect(await mailedByPublicNote(web.id)).toBe(1);
  });
});

const ASSIGN = `mutation($id: ID!, $v: Int!, $a: ID) { assignTicket(id: $id, version: $v, assigneeId: $a) {
  ticket { version assignee { id email } assignableStaff { email } events { kind public after } } } }`;

describe('assignTicket', () => {
  it('assigns to an operator of the office, who is mailed a link to /ufficio/:id; audited; null gives it back', async () => {
    const t = await insertTicket(fx.db);
    const r = await fx.gql(operator, ASSIGN, {
      id: String(t.id),
      v: 1,
      a: String(colleague.staffId),
    });
    expect(r.errors).toBeUndefined();
    const ticket = (r.data!.assignTicket as { ticket: Record<string, unknown> }).ticket;
    expect(ticket).toMatchObject({
      version: 2,
      assignee: { id: String(colleague.staffId), email: 'collega@example.org' },
    });
    expect((ticket.assignableStaff as { email: string }[]).map((s) => s.email).sort()).toEqual([
      'collega@example.org',
      'tecnico@example.org',
    ]);
    const events = ticket.events as { kind: string; public: boolean }[];
    expect(events.at(-1)).toMatchObject({ kind: 'assigned', public: false });
    await sendAll();
    const [mail] = await fx.smtp.waitFor(1, (m) => m.to.includes('collega@example.org'));
    expect(mail.subject).toContain(t.code);
    expect(mail.decoded).toContain(`http://segnala.test/ufficio/${t.id}`);
    const audit = await fx.db.pool.query(
      `select details from audit_log where action = 'ticket.assignTicket' and target = $1`,
      [`ticket:${t.id}`],
    );
    expect(audit.rows[0].details).toMatchObject({ to: colleague.staffId, from: null });
    // "Assegnate a me": the colleague's inbox holds it, the operator's does not.
    const mine = async (v: Viewer) => {
      const r = await fx.gql(
        v,
        '{ inbox(filter: { assignedToMe: true }, first: 100) { edges { node { id } } } }',
      );
      return (r.data!.inbox as { edges: { node: { id: string } }[] }).edges.map((e) => e.node.id);
    };
    expect(await mine(colleague)).toEqual([String(t.id)]);
    expect(await mine(operator)).not.toContain(String(t.id));
    // Back to the office as a whole; nobody is mailed for that.
    const back = await fx.gql(operator, ASSIGN, { id: String(t.id), v: 2, a: null });
    expect((back.data!.assignTicket as { ticket: { assignee: null } }).ticket.assignee).toBeNull();
    const { rows } = await fx.db.pool.query(
      `select count(*)::int as n from notification_outbox where ticket_id = $1`,
      [t.id],
    );
    expect(rows[0].n).toBe(1);
  });

  it('refuses a stale version, someone outside the office, a planner, and a disabled operator, changing nothing', async () => {
    const t = await insertTicket(fx.db);
    const stale = await fx.gql(operator, ASSIGN, {
      id: String(t.id),
      v: 7,
      a: String(colleague.staffId),
    });
    expect(errorCode(stale)).toBe('CONFLICT');
    const disabled = await createStaff(fx.db, 'disattivato@example.org', 'operator', [
      'lavori_pubblici',
    ]);
    await fx.db.pool.query('update staff_user set disabled_at = now() where id = $1', [
      disabled.staffId,
    ]);
    for (const who of [otherOffice, planner, disabled]) {
      const r = await fx.gql(operator, ASSIGN, { id: String(t.id), v: 1, a: String(who.staffId) });
      expect(errorCode(r), who.email).toBe('BAD_USER_INPUT');
      expect(r.errors![0].extensions!.field).toBe('assigneeId');
    }
    // An operator of another office cannot assign it at all.
    const foreign = await fx.gql(otherOffice, ASSIGN, {
      id: String(t.id),
      v: 1,
      a: String(otherOffice.staffId),
    });
    expect(errorCode(foreign)).toBe('FORBIDDEN');
    const { rows } = await fx.db.pool.query(
      'select version, assignee_id from ticket where id = $1',
      [t.id],
    );
    expect(rows[0]).toEqual({ version: 1, assignee_id: null });
  });

  it('is cleared when the ticket moves to another office, whose mail links the staff page', async () => {
    const t = await insertTicket(fx.db);
    await fx.gql(operator, ASSIGN, { id: String(t.id), v: 1, a: String(operator.staffId) });
    const polizia = await officeId(fx.db, 'polizia_municipale');
    const r = await fx.gql(
      admin,
      'mutation($id: ID!, $o: ID!) { reassignTicket(id: $id, version: 2, officeId: $o) { ticket { assignee { id } office { name } } } }',
      { id: String(t.id), o: String(polizia) },
    );
    expect(r.data).toEqual({
      reassignTicket: { ticket: { assignee: null, office: { name: 'Polizia Municipale' } } },
    });
    await sendAll();
    const police = await officeEmail(fx.db, 'polizia_municipale');
    const [mail] = await fx.smtp.waitFor(
      1,
      (m) => m.to.includes(police) && m.subject.includes(t.code),
    );
    expect(mail.decoded).toContain(`http://segnala.test/ufficio/${t.id}`);
    expect(mail.decoded).not.toContain('/segnalazioni/');
  });
});

const CREATE = `mutation($input: CannedReplyInput!) { createCannedReply(input: $input) { id categoryId phase title textIt textEn version } }`;

describe('canned replies', () => {
  it('are kept by admins and listed to staff by category and phase, the most specific first', async () => {
    const pothole = await categoryId(fx.db, 'buca_stradale');
    const light = await categoryId(fx.db, 'illuminazione_pubblica');
    const make = async (input: Record<string, unknown>) => {
      const r = await fx.gql(admin, CREATE, { input });
      expect(r.errors).toBeUndefined();
      return r.data!.createCannedReply as { id: string; version: number };
    };
    const general = await make({
      title: 'Grazie',
      textIt: 'Grazie della segnalazione.',
      textEn: 'Thank you.',
    });
    const done = await make({
      categoryId: pothole,
      phase: 'IN_PROGRESS',
      title: 'Buca chiusa',
      textIt: 'La buca è stata chiusa.',
      textEn: 'The pothole was filled.',
    });
    await make({
      categoryId: light,
      title: 'Lampione',
      textIt: 'Lampione.',
      textEn: 'Street light.',
    });
    const list = async (vars: Record<string, unknown>) => {
      const r = await fx.gql(
        operator,
        'query($c: ID, $p: TicketStatus) { cannedReplies(categoryId: $c, phase: $p) { id } }',
        vars,
      );
      expect(r.errors).toBeUndefined();
      return (r.data!.cannedReplies as { id: string }[]).map((c) => c.id);
    };
    expect(await list({ c: pothole, p: 'IN_PROGRESS' })).toEqual([done.id, general.id]);
    expect(await list({ c: pothole, p: 'RECEIVED' })).toEqual([general.id]);
    expect((await list({})).length).toBe(3);

    const UPDATE = `mutation($id: ID!, $v: Int!) { updateCannedReply(id: $id, version: $v, input: { title: "Buca chiusa", textIt: "Abbiamo chiuso la buca.", textEn: "We filled the pothole.", phase: IN_PROGRESS }) { version textIt categoryId } }`;
    const updated = await fx.gql(admin, UPDATE, { id: done.id, v: 1 });
    expect(updated.data).toEqual({
      updateCannedReply: { version: 2, textIt: 'Abbiamo chiuso la buca.', categoryId: null },
    });
    expect(errorCode(await fx.gql(admin, UPDATE, { id: done.id, v: 1 }))).toBe('CONFLICT');
    expect(errorCode(await fx.gql(operator, UPDATE, { id: done.id, v: 2 }))).toBe('FORBIDDEN');
    const del = 'mutation($id: ID!) { deleteCannedReply(id: $id) }';
    expect((await fx.gql(admin, del, { id: done.id })).data).toEqual({ deleteCannedReply: true });
    expect(errorCode(await fx.gql(admin, del, { id: done.id }))).toBe('NOT_FOUND');
    const audit = await fx.db.pool.query(
      `select action from audit_log where target = $1 order by id`,
      [`canned_reply:${done.id}`],
    );
    expect(audit.rows.map((a) => a.action)).toEqual([
      'cannedReply.create',
      'cannedReply.update',
      'cannedReply.delete',
    ]);
  });

  it('refuse empty texts and unknown categories', async () => {
    const empty = await fx.gql(admin, CREATE, { input: { title: ' ', textIt: 'x', textEn: 'x' } });
    expect(empty.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'title' });
    const unknown = await fx.gql(admin, CREATE, {
      input: { categoryId: '99999', title: 't', textIt: 'x', textEn: 'x' },
    });
    expect(unknown.errors![0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'categoryId',
    });
  });
});

describe('photos', () => {
  it('are listed to staff with their visibility; a hidden one is served only to staff who may read the ticket', async () => {
    const t = await insertTicket(fx.db);
    const photo = await fx.db.services.attachments.upload(await png(), '10.9.9.9');
    await fx.db.pool.query('update attachment set ticket_id = $1 where id = $2', [t.id, photo]);
    const hide = await fx.gql(
      operator,
      'mutation($id: ID!, $p: ID!) { setPhotoPublic(id: $id, attachmentId: $p, public: false) { ticket { attachments { id url contentType public } } } }',
      { id: String(t.id), p: photo },
    );
    expect(hide.data).toEqual({
      setPhotoPublic: {
        ticket: {
          attachments: [
            { id: photo, url: `/attachments/${photo}`, contentType: 'image/png', public: false },
          ],
        },
      },
    });
    // The public page no longer lists it, and anonymous callers cannot fetch it.
    const pub = await app.gql<{ ticket: { photos: unknown[] } }>(
      'query($c: String!) { ticket(code: $c) { photos { id } } }',
      { c: t.code },
    );
    expect(pub.data!.ticket.photos).toEqual([]);
    expect((await getAt(app, `/attachments/${photo}`)).status).toBe(404);
    const cookieOf = async (email: string) => {
      const login = await fetch(`${app.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          query: `mutation { login(email: "${email}", password: "${TEST_PASSWORD}") { token } }`,
        }),
      });
      return login.headers
        .getSetCookie()
        .find((c) => c.startsWith('segnala_session='))!
        .split(';')[0];
    };
    const staff = await getAt(app, `/attachments/${photo}`, {
      cookie: await cookieOf('tecnico@example.org'),
    });
    expect(staff.status).toBe(200);
    expect(staff.type).toBe('image/png');
    const other = await getAt(app, `/attachments/${photo}`, {
      cookie: await cookieOf('vigile@example.org'),
    });
    expect(other.status).toBe(404);
    // Shown again: public for everyone.
    await fx.gql(
      operator,
      'mutation($id: ID!, $p: ID!) { setPhotoPublic(id: $id, attachmentId: $p, public: true) { ticket { id } } }',
      { id: String(t.id), p: photo },
    );
    expect((await getAt(app, `/attachments/${photo}`)).status).toBe(200);
  });
});

describe('merged tickets', () => {
  it('name the other report on both timelines, staff and public', async () => {
    const original = await insertTicket(fx.db);
    const dup = await insertTicket(fx.db);
    const r = await fx.gql(
      operator,
      'mutation($id: ID!, $o: ID!) { markDuplicate(id: $id, version: 1, originalId: $o) { ticket { events { kind relatedTicketId relatedCode } } } }',
      { id: String(dup.id), o: String(original.id) },
    );
    const events = (r.data!.markDuplicate as { ticket: { events: Record<string, unknown>[] } })
      .ticket.events;
    expect(events.find((e) => e.kind === 'duplicate')).toEqual({
      kind: 'duplicate',
      relatedTicketId: String(original.id),
      relatedCode: original.code,
    });
    const staffOriginal = await fx.gql(
      operator,
      'query($id: ID!) { staffTicket(id: $id) { events { kind relatedTicketId relatedCode } } }',
      { id: String(original.id) },
    );
    expect(
      (staffOriginal.data!.staffTicket as { events: Record<string, unknown>[] }).events.find(
        (e) => e.kind === 'merged',
      ),
    ).toEqual({ kind: 'merged', relatedTicketId: String(dup.id), relatedCode: dup.code });
    const pub = await app.gql<{
      ticket: { timeline: { kind: string; relatedCode: string | null }[] };
    }>('query($c: String!) { ticket(code: $c) { timeline { kind relatedCode } } }', {
      c: dup.code,
    });
    expect(pub.data!.ticket.timeline.find((e) => e.kind === 'duplicate')!.relatedCode).toBe(
      original.code,
    );
  });
});

describe('404 page', () => {
  it('answers unknown pages with an HTML page in Italian or English, and API paths with JSON', async () => {
    const it404 = await getAt(app, '/segnalazioni/ABC/altro');
    expect(it404.status).toBe(404);
    expect(it404.type).toContain('text/html');
    expect(it404.body).toContain('<html lang="it">');
    expect(it404.body).toContain('Pagina non trovata');
    const en = await getAt(app, '/segnalazioni/ABC/altro', { 'accept-language': 'en-GB,en;q=0.9' });
    expect(en.body).toContain('Page not found');
    const query = await getAt(app, '/segnalazioni/ABC/altro?lang=en', { 'accept-language': 'it' });
    expect(query.body).toContain('<html lang="en">');
    const api = await getAt(app, '/export/nessuno.csv');
    expect(api.status).toBe(404);
    expect(api.type).toContain('application/json');
  });
});
