// Every legal and illegal phase change, and the mails each sends through a real SMTP server: the
// reporter and every supporter get the public note in their own language; internal notes reach nobody.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  allowedActions,
  TICKET_ACTIONS,
  TICKET_STATUSES,
  type TicketAction,
  type TicketStatus,
} from '../../server/domain/ticket-status.js';
import type { Viewer } from '../../server/domain/viewer.js';
import type { OutboxSender } from '../../server/mail/outbox-sender.js';
import type { TestDatabase } from '../helpers/database.js';
import type { TestSmtp } from '../helpers/smtp.js';
import { startWorkflowFixture, type WorkflowFixture } from '../helpers/workflow-fixture.js';
import { errorCode, insertTicket } from '../helpers/staff-fixtures.js';
import { officeEmail } from '../helpers/test-comune.js';

let fixture: WorkflowFixture;
let db: TestDatabase;
let smtp: TestSmtp;
let sender: OutboxSender;
let gql: WorkflowFixture['gql'];
let operator: Viewer;

beforeAll(async () => {
  fixture = await startWorkflowFixture();
  ({ db, smtp, sender, gql, operator } = fixture);
});
afterAll(() => fixture?.close());

const MUTATION: Record<TicketAction, string> = {
  acknowledgeTicket: 'acknowledgeTicket(id: $id, version: $version, note: $note, public: $public)',
  startWork: 'startWork(id: $id, version: $version, note: $note, public: $public)',
  resolveTicket: 'resolveTicket(id: $id, version: $version, note: $note, public: $public)',
  rejectTicket:
    'rejectTicket(id: $id, version: $version, reason: NOT_A_FAULT, note: $note, public: $public)',
  reopenTicket: 'reopenTicket(id: $id, version: $version, note: $note, public: $public)',
  markDuplicate:
    'markDuplicate(id: $id, version: $version, originalId: $originalId, note: $note, public: $public)',
};

function run(
  action: TicketAction,
  vars: { id: number; version: number; note?: string; public?: boolean; originalId?: number },
) {
  const args = action === 'markDuplicate' ? ', $originalId: ID!' : '';
  return gql(
    operator,
    `mutation($id: ID!, $version: Int!, $note: String, $public: Boolean${args}) { ${MUTATION[action]} { ticket { id status version } } }`,
    {
      note: 'Nota di servizio',
      public: false,
      ...vars,
      id: String(vars.id),
      ...(vars.originalId ? { originalId: String(vars.originalId) } : {}),
    },
  );
}

/** A ticket put straight into a state (the constraints need a reason or an original for some). */
async function ticketIn(status: TicketStatus): Promise<{ id: number; version: number }> {
  const t = await insertTicket(db);
  const original = status === 'duplicate' ? (await insertTicket(db)).id : null;
  await db.pool.query(
    `update ticket set status = $2::ticket_status, reject_reason = case when $4::text = 'rejected' then 'not_a_fault' end, duplicate_of = $3::bigint
     where municipality_id = $5 and id = $1`,
    [t.id, status, original, status, db.municipality.id],
  );
  return { id: t.id, version: 1 };
}

async function sendAll(): Promise<void> {
  while ((await sender.runOnce()) > 0);
}

describe('phase changes', () => {
  it('walks received → acknowledged → in progress → resolved → reopened → rejected → reopened, mailing every follower in their language', async () => {
    const t = await insertTicket(db, {
      reporter: { email: 'mario.rossi@example.org', locale: 'it' },
      supporters: [
        { email: 'jane.smith@example.org', locale: 'en' },
        { email: 'giulia.bianchi@example.org', locale: 'it' },
      ],
    });
    const followers = [
      'mario.rossi@example.org',
      'jane.smith@example.org',
      'giulia.bianchi@example.org',
    ];
    const steps: {
      action: TicketAction;
      note: string;
      public: boolean;
      to: string;
      subjectIt: string;
      subjectEn: string;
    }[] = [
      {
        action: 'acknowledgeTicket',
        note: 'Sopralluogo previsto giovedì.',
        public: true,
        to: 'ACKNOWLEDGED',
        subjectIt: 'presa in carico',
        subjectEn: 'acknowledged',
      },
      {
        action: 'startWork',
        note: 'NOTA-INTERNA: chiamare la ditta Rossi srl',
        public: false,
        to: 'IN_PROGRESS',
        subjectIt: 'in lavorazione',
        subjectEn: 'Work started',
      },
      {
        action: 'resolveTicket',
        note: 'Buca chiusa con asfalto a freddo.',
        public: true,
        to: 'RESOLVED',
        subjectIt: 'conclusa',
        subjectEn: 'resolved',
      },
      {
        action: 'reopenTicket',
        note: 'Il rattoppo ha ceduto.',
        public: true,
        to: 'IN_PROGRESS',
        subjectIt: 'riaperta',
        subjectEn: 'reopened',
      },
      {
        action: 'rejectTicket',
        note: 'La strada è privata.',
        public: true,
        to: 'REJECTED',
        subjectIt: 'respinta',
        subjectEn: 'rejected',
      },
      {
        action: 'reopenTicket',
        note: 'NOTA-INTERNA: verificato, è comunale',
        public: false,
        to: 'IN_PROGRESS',
        subjectIt: 'riaperta',
        subjectEn: 'reopened',
      },
    ];
    let version = 1;
    // Only this ticket's mails: sendAll also delivers what other tests left in the outbox.
    const mine = (m: (typeof smtp.mails)[number]) => m.subject.includes(t.code);
    for (const step of steps) {
      const before = smtp.mails.filter(mine).length;
      const res = await run(step.action, {
        id: t.id,
        version,
        note: step.note,
        public: step.public,
      });
      expect(res.errors, step.action).toBeUndefined();
      const ticket = (res.data![step.action] as { ticket: { status: string; version: number } })
        .ticket;
      expect(ticket).toMatchObject({ status: step.to, version: version + 1 });
      version = ticket.version;
      await sendAll();
      const mails = await smtp.waitFor(before + 3, mine);
      const sent = mails.slice(before);
      expect(sent.flatMap((m) => m.to).sort()).toEqual([...followers].sort());
      for (const mail of sent) {
        const en = mail.to.includes('jane.smith@example.org');
        expect(mail.subject.toLowerCase()).toContain(
          (en ? step.subjectEn : step.subjectIt).toLowerCase(),
        );
        if (step.public) expect(mail.decoded).toContain(step.note);
        else expect(mail.decoded).not.toContain('NOTA-INTERNA');
      }
    }
    // Every phase is on the public timeline; an internal note is a separate internal event.
    const { rows } = await db.pool.query(
      'select kind, public, note, before, after from ticket_event where ticket_id = $1 order by id',
      [t.id],
    );
    expect(rows.map((r) => `${r.kind}:${r.public}`)).toEqual([
      'acknowledged:true',
      'started:true',
      'note:false',
      'resolved:true',
      'reopened:true',
      'rejected:true',
      'reopened:true',
      'note:false',
    ]);
    expect(rows[1]).toMatchObject({
      note: null,
      before: { status: 'acknowledged', version: 2 },
      after: { status: 'in_progress', version: 3 },
    });
    expect(rows[2].note).toContain('NOTA-INTERNA');
    expect(
      rows
        .filter((r) => r.public)
        .map((r) => r.note ?? '')
        .join(' '),
    ).not.toContain('NOTA-INTERNA');
    const state = await db.pool.query(
      'select status, reopen_count, reject_reason, version from ticket where id = $1',
      [t.id],
    );
    expect(state.rows[0]).toEqual({
      status: 'in_progress',
      reopen_count: 2,
      reject_reason: null,
      version: 7,
    });
  });

  it('performs every legal move from every state', async () => {
    for (const status of TICKET_STATUSES) {
      for (const action of allowedActions(status)) {
        const t = await ticketIn(status);
        const original = action === 'markDuplicate' ? (await insertTicket(db)).id : undefined;
        const res = await run(action, {
          id: t.id,
          version: t.version,
          note: 'Nota pubblica',
          public: true,
          originalId: original,
        });
        expect(res.errors, `${action} from ${status}`).toBeUndefined();
        const to = TICKET_ACTIONS[action].to.toUpperCase();
        expect((res.data![action] as { ticket: { status: string } }).ticket.status).toBe(to);
      }
    }
  });

  it('refuses every illegal move with INVALID_TRANSITION naming the allowed ones, changing nothing', async () => {
    for (const status of TICKET_STATUSES) {
      const allowed = allowedActions(status);
      for (const action of Object.keys(TICKET_ACTIONS) as TicketAction[]) {
        if (allowed.includes(action)) continue;
        const t = await ticketIn(status);
        const original = action === 'markDuplicate' ? (await insertTicket(db)).id : undefined;
        const res = await run(action, {
          id: t.id,
          version: t.version,
          note: 'x',
          public: true,
          originalId: original,
        });
        expect(errorCode(res), `${action} from ${status}`).toBe('INVALID_TRANSITION');
        expect(res.errors![0].extensions!.allowed).toEqual(allowed);
        for (const a of allowed) expect(res.errors![0].message).toContain(a);
        const { rows } = await db.pool.query('select status, version from ticket where id = $1', [
          t.id,
        ]);
        expect(rows[0]).toEqual({ status, version: 1 });
      }
    }
  });

  it('requires a public note to resolve, and a reason and a note to reject', async () => {
    const t = await insertTicket(db);
    expect(res(await run('resolveTicket', { id: t.id, version: 1, note: '' }))).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'note',
    });
    expect(
      res(await run('resolveTicket', { id: t.id, version: 1, note: 'Fatto', public: false })),
    ).toMatchObject({ code: 'BAD_USER_INPUT', field: 'note' });
    expect(res(await run('rejectTicket', { id: t.id, version: 1, note: ' ' }))).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'note',
    });
    const noReason = await gql(
      operator,
      'mutation($id: ID!) { rejectTicket(id: $id, version: 1, note: "x") { ticket { id } } }',
      { id: String(t.id) },
    );
    expect(errorCode(noReason)).toBe('GRAPHQL_VALIDATION_FAILED');
  });
});

function res(r: { errors?: { extensions?: Record<string, unknown> }[] }) {
  return r.errors?.[0]?.extensions;
}

describe('notes, priority and reassignment', () => {
  it('mails public notes to every follower and internal notes to nobody', async () => {
    const t = await insertTicket(db, {
      supporters: [{ email: 'sostenitore@example.org', locale: 'en' }],
    });
    const outbox = async () =>
      (
        await db.pool.query(
          'select count(*)::int as n from notification_outbox where ticket_id = $1',
          [t.id],
        )
      ).rows[0].n;
    const internal = await gql(
      operator,
      'mutation($id: ID!) { addNote(id: $id, text: "Solo per noi", public: false) { ticket { version } } }',
      { id: String(t.id) },
    );
    expect(internal.data).toEqual({ addNote: { ticket: { version: 2 } } });
    expect(await outbox()).toBe(0);
    const pub = await gql(
      operator,
      'mutation($id: ID!) { addNote(id: $id, text: "Intervento programmato per lunedì", public: true) { ticket { version } } }',
      { id: String(t.id) },
    );
    expect(pub.errors).toBeUndefined();
    expect(await outbox()).toBe(2);
    await sendAll();
    const mails = await smtp.waitFor(
      1,
      (m) =>
        m.to.includes('sostenitore@example.org') &&
        m.decoded.includes('Intervento programmato per lunedì'),
    );
    // English, for an English-speaking supporter
    expect(mails[0].subject).toMatch(new RegExp(`^\\[${db.municipality.code_prefix}-.*Update`));
  });

  it('sets the priority without mailing citizens, and shows the suggested priority with its components', async () => {
    const t = await insertTicket(db, {
      category: 'albero_caduto',
      createdHoursAgo: 30,
      supporters: [{ email: 'a@example.org' }, { email: 'b@example.org' }],
    });
    await db.pool.query(
      `update ticket set office_id = (select id from office where municipality_id = $1 and code = 'lavori_pubblici')
       where municipality_id = $1 and id = $2`,
      [db.municipality.id, t.id],
    );
    const r = await gql(
      operator,
      `mutation($id: ID!) { setPriority(id: $id, version: 1, priority: 1, note: "Strada bloccata") {
      ticket { priority priorityLabel version overdue suggestedPriority { value label score components { name points max input } } } } }`,
      { id: String(t.id) },
    );
    expect(r.errors).toBeUndefined();
    const ticket = (r.data!.setPriority as { ticket: Record<string, unknown> }).ticket;
    expect(ticket).toMatchObject({
      priority: 1,
      priorityLabel: 'urgente',
      version: 2,
      overdue: true,
    });
    const s = ticket.suggestedPriority as {
      value: number;
      score: number;
      components: { name: string; points: number }[];
    };
    expect(s.components.map((c) => c.name)).toEqual(['sla', 'supporters', 'cluster', 'category']);
    expect(s.components.find((c) => c.name === 'supporters')!.points).toBe(8);
    expect(s.components.find((c) => c.name === 'category')!.points).toBe(20);
    expect(s.value).toBe(1); // 45 (1.25× the 24 h SLA, capped) + 8 + 0 + 20 = 73
    const { rows } = await db.pool.query(
      'select count(*)::int as n from notification_outbox where ticket_id = $1',
      [t.id],
    );
    expect(rows[0].n).toBe(0);
  });

  it('reassigns to another office: the office is mailed, the reporter told, and the operator loses the ticket', async () => {
    const t = await insertTicket(db, {
      reporter: { email: 'cittadino@example.org', locale: 'it' },
    });
    const polizia = (
      await db.pool.query(
        `select id from office where municipality_id = $1 and code = 'polizia_municipale'`,
        [db.municipality.id],
      )
    ).rows[0].id;
    const r = await gql(
      operator,
      'mutation($id: ID!, $o: ID!) { reassignTicket(id: $id, version: 1, officeId: $o, reason: "Segnaletica") { ticket { office { name } version } } }',
      { id: String(t.id), o: String(polizia) },
    );
    expect(r.data).toEqual({
      reassignTicket: { ticket: { office: { name: 'Polizia Municipale' }, version: 2 } },
    });
    await sendAll();
    const office = await officeEmail(db, 'polizia_municipale');
    await smtp.waitFor(1, (m) => m.to.includes(office));
    const [citizen] = await smtp.waitFor(
      1,
      (m) => m.to.includes('cittadino@example.org') && m.subject.includes('Polizia Municipale'),
    );
    expect(citizen.decoded).not.toContain('Segnaletica');
    expect(
      errorCode(
        await gql(operator, 'query($id: ID!) { staffTicket(id: $id) { id } }', {
          id: String(t.id),
        }),
      ),
    ).toBe('FORBIDDEN');
  });
});
