// Interventions end to end on a real database and a real SMTP server: the full life (create → schedule
// → start → reschedule → complete) with exact mail counts (one per person per change, read from the
// outbox and from SMTP), cancel restoring phases, CONFLICT on a stale version, bad input changing
// nothing, suggestions and auto-linking of new reports, the intervention.changed webhook; candidates
// whose score is recomputed here from the tickets, and budget plans checked against brute force.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Viewer } from '../../server/domain/viewer.js';
import { categoryId, reportInput, rowCounts } from '../helpers/citizen.js';
import type { TestDatabase } from '../helpers/database.js';
import { createStaff, errorCode, insertTicket, officeId } from '../helpers/staff-fixtures.js';
import { startWorkflowFixture, type WorkflowFixture } from '../helpers/workflow-fixture.js';

let fx: WorkflowFixture;
let db: TestDatabase;
let planner: Viewer;
let admin: Viewer;
let operator: Viewer;
let lavori = 0;
let streetA = 0;
let streetB = 0;

// Two spots far apart inside Seravezza (the fixtures' usual point, and 1 km north-east of it).
const HERE = { lon: 10.2275, lat: 43.9925 };
const FAR = { lon: 10.2385, lat: 44.0005 };

beforeAll(async () => {
  fx = await startWorkflowFixture();
  db = fx.db;
  operator = fx.operator;
  planner = await createStaff(db, 'pianificatore@example.org', 'planner');
  admin = await createStaff(db, 'admin@example.org', 'admin');
  lavori = await officeId(db, 'lavori_pubblici');
  const { rows } = await db.pool.query<{ id: number }>(
    'select id from street where municipality_id = $1 order by id limit 2',
    [db.municipality.id],
  );
  [streetA, streetB] = rows.map((r) => r.id);
});
afterAll(() => fx?.close());

const CREATE = `mutation($input: CreateInterventionInput!) {
  createIntervention(input: $input) { intervention { id status version estimatedCost tickets { code status } } } }`;

interface Created {
  id: string;
  status: string;
  version: number;
  tickets: { code: string; status: string }[];
}

function input(ticketIds: number[], extra: Record<string, unknown> = {}) {
  return {
    title: 'Rifacimento asfalto',
    officeId: String(lavori),
    ticketIds: ticketIds.map(String),
    estimatedCost: 1200,
    plannedStart: '2027-03-15',
    plannedEnd: '2027-03-19',
    ...extra,
  };
}

async function create(ticketIds: number[], extra: Record<string, unknown> = {}, as = planner) {
  const r = await fx.gql(as, CREATE, { input: input(ticketIds, extra) });
  expect(r.errors, JSON.stringify(r.errors)).toBeUndefined();
  return (r.data!.createIntervention as { intervention: Created }).intervention;
}

async function move(field: string, id: string, version: number, note?: string, as = planner) {
  const args = note === undefined ? '' : ', note: $note';
  const decl = note === undefined ? '' : ', $note: String!';
  return fx.gql(
    as,
    `mutation($id: ID!, $version: Int!${decl}) { ${field}(id: $id, version: $version${args}) { intervention { id status version tickets { code status } } } }`,
    { id, version, ...(note === undefined ? {} : { note }) },
  );
}

async function statuses(ids: number[]): Promise<string[]> {
  const { rows } = await db.pool.query<{ status: string }>(
    'select status from ticket where municipality_id = $1 and id = any($2::bigint[]) order by id',
    [db.municipality.id, ids],
  );
  return rows.map((r) => r.status);
}

/** Outbox rows of one kind per recipient, for the tickets given. */
async function outbox(kind: string, ticketIds: number[]): Promise<Record<string, number>> {
  const { rows } = await db.pool.query<{ recipient: string; n: number }>(
    `select recipient, count(*)::int as n from notification_outbox
     where municipality_id = $1 and kind = $2 and ticket_id = any($3::bigint[]) group by recipient order by recipient`,
    [db.municipality.id, kind, ticketIds],
  );
  return Object.fromEntries(rows.map((r) => [r.recipient, r.n]));
}

async function sendAll(): Promise<void> {
  while ((await fx.sender.runOnce()) > 0);
}

describe('the life of an intervention', () => {
  it('links, schedules, starts, reschedules and completes, mailing each person once per change', async () => {
    // Anna reports one pothole and supports the other two; Bea supports two; Carl (English) one.
    const t1 = await insertTicket(db, {
      reporter: { email: 'anna@example.org' },
      supporters: [{ email: 'bea@example.org' }],
    });
    const t2 = await insertTicket(db, {
      reporter: { email: 'dario@example.org' },
      supporters: [
        { email: 'Anna@example.org' },
        { email: 'bea@example.org' },
        { email: 'carl@example.org', locale: 'en' },
      ],
    });
    const t3 = await insertTicket(db, {
      reporter: { email: 'elena@example.org' },
      supporters: [{ email: 'anna@example.org' }],
    });
    await db.pool.query(`update ticket set status = 'acknowledged' where id = $1`, [t2.id]);
    const ids = [t1.id, t2.id, t3.id];
    const people = {
      'anna@example.org': 1,
      'bea@example.org': 1,
      'carl@example.org': 1,
      'dario@example.org': 1,
      'elena@example.org': 1,
    };

    const i = await create(ids);
    expect(i).toMatchObject({ status: 'PLANNED', version: 1 });
    expect(i.tickets.map((t) => t.status)).toEqual(['IN_PROGRESS', 'IN_PROGRESS', 'IN_PROGRESS']);
    expect(await statuses(ids)).toEqual(['in_progress', 'in_progress', 'in_progress']);
    // The tickets moved through the workflow: a public 'started' event with the note, audited.
    const { rows: events } = await db.pool.query<{ kind: string; note: string; public: boolean }>(
      `select kind, note, public from ticket_event where municipality_id = $1 and ticket_id = $2`,
      [db.municipality.id, t1.id],
    );
    expect(events).toEqual([
      { kind: 'started', note: 'Intervento programmato per il 15 marzo 2027.', public: true },
    ]);
    // No per-ticket mail; one per person (Anna follows three tickets: one mail).
    expect(await outbox('started', ids)).toEqual({});
    expect(await outbox('intervention_planned', ids)).toEqual(people);
    fx.smtp.mails.length = 0;
    await sendAll();
    const received = fx.smtp.mails.map((m) => m.to.join(',').toLowerCase()).sort();
    expect(received).toEqual(Object.keys(people));
    const carl = fx.smtp.mails.find((m) => m.to.join().includes('carl'))!;
    expect(carl.subject).toMatch(/^Work planned: Rifacimento asfalto/);
    expect(carl.decoded).toContain('15 March 2027');
    const anna = fx.smtp.mails.find((m) => m.to.join().toLowerCase().includes('anna'))!;
    expect(anna.subject).toMatch(/^Intervento programmato/);
    for (const t of [t1, t2, t3]) expect(anna.decoded).toContain(t.code);

    let r = await move('scheduleIntervention', i.id, 1);
    expect(r.data!.scheduleIntervention).toMatchObject({
      intervention: { status: 'SCHEDULED', version: 2 },
    });
    r = await move('startIntervention', i.id, 2);
    expect(r.data!.startIntervention).toMatchObject({
      intervention: { status: 'IN_PROGRESS', version: 3 },
    });

    r = await fx.gql(
      planner,
      'mutation($id: ID!) { rescheduleIntervention(id: $id, version: 3, plannedStart: "2027-04-01", plannedEnd: "2027-04-02") { intervention { version } } }',
      { id: i.id },
    );
    expect(r.errors).toBeUndefined();
    expect(await outbox('intervention_rescheduled', ids)).toEqual(people);

    // An operator of the intervention's office completes it: every ticket resolved, one mail per person.
    r = await move(
      'completeIntervention',
      i.id,
      4,
      'Asfalto rifatto su tutto il tratto.',
      operator,
    );
    expect(r.errors).toBeUndefined();
    expect(r.data!.completeIntervention).toMatchObject({
      intervention: { status: 'COMPLETED', version: 5 },
    });
    expect(await statuses(ids)).toEqual(['resolved', 'resolved', 'resolved']);
    expect(await outbox('resolved', ids)).toEqual({});
    expect(await outbox('intervention_completed', ids)).toEqual(people);
    const { rows: notes } = await db.pool.query<{ note: string }>(
      `select note from ticket_event where municipality_id = $1 and ticket_id = $2 and kind = 'resolved'`,
      [db.municipality.id, t3.id],
    );
    expect(notes).toEqual([{ note: 'Asfalto rifatto su tutto il tratto.' }]);
    fx.smtp.mails.length = 0;
    await sendAll();
    expect(fx.smtp.mails).toHaveLength(2 * Object.keys(people).length);
    // Versioned history and audit.
    const { rows: history } = await db.pool.query<{ kind: string }>(
      'select kind from intervention_event where municipality_id = $1 and intervention_id = $2 order by id',
      [db.municipality.id, Number(i.id)],
    );
    expect(history.map((h) => h.kind)).toEqual([
      'created',
      'scheduled',
      'started',
      'rescheduled',
      'completed',
    ]);
    const { rows: audit } = await db.pool.query<{ action: string }>(
      `select action from audit_log where municipality_id = $1 and target = $2 order by id`,
      [db.municipality.id, `intervention:${i.id}`],
    );
    expect(audit.map((a) => a.action)).toEqual([
      'intervention.create',
      'intervention.scheduleIntervention',
      'intervention.startIntervention',
      'intervention.rescheduleIntervention',
      'intervention.completeIntervention',
    ]);
  });

  it('cancelling returns each ticket to the phase it had, with the note, and mails each person once', async () => {
    const a = await insertTicket(db, { reporter: { email: 'franco@example.org' } });
    const b = await insertTicket(db, {
      reporter: { email: 'gina@example.org' },
      supporters: [{ email: 'franco@example.org' }],
    });
    await db.pool.query(`update ticket set status = 'acknowledged' where id = $1`, [b.id]);
    const i = await create([a.id, b.id]);
    expect(await statuses([a.id, b.id])).toEqual(['in_progress', 'in_progress']);
    const r = await move('cancelIntervention', i.id, 1, 'Lavori rinviati al prossimo bilancio.');
    expect(r.data!.cancelIntervention).toMatchObject({ intervention: { status: 'CANCELLED' } });
    expect(await statuses([a.id, b.id])).toEqual(['received', 'acknowledged']);
    const { rows } = await db.pool.query<{ kind: string; to_status: string; note: string }>(
      `select kind, to_status, note from ticket_event where municipality_id = $1 and ticket_id = $2 order by id`,
      [db.municipality.id, b.id],
    );
    expect(rows.at(-1)).toEqual({
      kind: 'restored',
      to_status: 'acknowledged',
      note: 'Lavori rinviati al prossimo bilancio.',
    });
    expect(await outbox('intervention_cancelled', [a.id, b.id])).toEqual({
      'franco@example.org': 1,
      'gina@example.org': 1,
    });
    // The tickets are free again: a new intervention may take them.
    const again = await create([a.id]);
    expect(again.status).toBe('PLANNED');
  });

  it('unlinking mails each person of the tickets taken out once, and nobody else', async () => {
    // Hugo reports u1 and supports u2; Ivo (English) reports u2 and supports u1; Lia's u3 stays linked.
    const u1 = await insertTicket(db, {
      reporter: { email: 'hugo@example.org' },
      supporters: [{ email: 'ivo@example.org', locale: 'en' }],
    });
    const u2 = await insertTicket(db, {
      reporter: { email: 'ivo@example.org', locale: 'en' },
      supporters: [{ email: 'Hugo@example.org' }],
    });
    const u3 = await insertTicket(db, {
      reporter: { email: 'lia@example.org' },
      supporters: [{ email: 'hugo@example.org' }],
    });
    const i = await create([u1.id, u2.id, u3.id]);
    await sendAll();
    fx.smtp.mails.length = 0;
    const r = await fx.gql(
      planner,
      'mutation($id: ID!, $t: [ID!]!) { unlinkInterventionTickets(id: $id, version: 1, ticketIds: $t, note: "Serve un altro tipo di lavoro.") { intervention { version tickets { code } } } }',
      { id: i.id, t: [String(u1.id), String(u2.id)] },
    );
    expect(r.errors, JSON.stringify(r.errors)).toBeUndefined();
    expect(await statuses([u1.id, u2.id, u3.id])).toEqual(['received', 'received', 'in_progress']);
    // One row per person of u1 and u2 (Hugo follows both: one), none for Lia, none per ticket.
    expect(await outbox('intervention_unlinked', [u1.id, u2.id, u3.id])).toEqual({
      'hugo@example.org': 1,
      'ivo@example.org': 1,
    });
    expect(await outbox('restored', [u1.id, u2.id])).toEqual({});
    await sendAll();
    const received = fx.smtp.mails.map((m) => m.to.join(',').toLowerCase()).sort();
    expect(received).toEqual(['hugo@example.org', 'ivo@example.org']);
    const hugo = fx.smtp.mails.find((m) => m.to.join().toLowerCase().includes('hugo'))!;
    expect(hugo.subject).toMatch(/^Segnalazione tolta dall’intervento: Rifacimento asfalto/);
    expect(hugo.decoded).toContain("non fanno più parte dell'intervento «Rifacimento asfalto»");
    expect(hugo.decoded).toContain('Serve un altro tipo di lavoro.');
    for (const t of [u1, u2]) expect(hugo.decoded).toContain(t.code);
    expect(hugo.decoded).not.toContain(u3.code);
    const ivo = fx.smtp.mails.find((m) => m.to.join().includes('ivo'))!;
    expect(ivo.subject).toMatch(/^Report taken out of the planned work/);
  });

  it('answers CONFLICT on a stale version and changes nothing', async () => {
    const t = await insertTicket(db);
    const extra = await insertTicket(db);
    const i = await create([t.id]);
    expect((await move('scheduleIntervention', i.id, 1)).errors).toBeUndefined();
    const before = await rowCounts(db);
    const stale = await move('startIntervention', i.id, 1);
    expect(errorCode(stale)).toBe('CONFLICT');
    expect(stale.errors![0].extensions!.currentVersion).toBe(2);
    const link = await fx.gql(
      planner,
      'mutation($id: ID!, $t: [ID!]!) { linkInterventionTickets(id: $id, version: 1, ticketIds: $t) { intervention { id } } }',
      { id: i.id, t: [String(extra.id)] },
    );
    expect(errorCode(link)).toBe('CONFLICT');
    expect(await rowCounts(db)).toEqual(before);
    expect(await statuses([extra.id])).toEqual(['received']);
  });

  it('refuses bad input with a coded error and changes nothing', async () => {
    const open = await insertTicket(db);
    const closed = await insertTicket(db);
    await db.pool.query(`update ticket set status = 'resolved' where id = $1`, [closed.id]);
    const otherOffice = await insertTicket(db, { category: 'segnaletica' });
    const cases: [Record<string, unknown>, string, string | undefined][] = [
      [input([open.id, closed.id]), 'BAD_USER_INPUT', 'ticketIds'],
      [input([open.id, otherOffice.id]), 'FORBIDDEN', 'ticketIds'],
      [input([open.id], { estimatedCost: -1 }), 'BAD_USER_INPUT', 'estimatedCost'],
      [input([open.id], { plannedEnd: '2027-03-14' }), 'BAD_USER_INPUT', 'plannedEnd'],
      [input([open.id], { title: '   ' }), 'BAD_USER_INPUT', 'title'],
      [input([open.id, open.id]), 'BAD_USER_INPUT', 'ticketIds'],
      [input([]), 'BAD_USER_INPUT', 'ticketIds'],
    ];
    const before = await rowCounts(db);
    for (const [vars, code, field] of cases) {
      const r = await fx.gql(planner, CREATE, { input: vars });
      expect(errorCode(r), JSON.stringify(vars)).toBe(code);
      expect(r.errors![0].extensions!.field, JSON.stringify(vars)).toBe(field);
    }
    // Operators plan nothing.
    expect(errorCode(await fx.gql(operator, CREATE, { input: input([open.id]) }))).toBe(
      'FORBIDDEN',
    );
    expect(await rowCounts(db)).toEqual(before);
    expect(await statuses([open.id, closed.id])).toEqual(['received', 'resolved']);
    // An admin may link another office's ticket.
    const i = await create([open.id, otherOffice.id], {}, admin);
    expect(i.tickets).toHaveLength(2);
  });

  it('suggests new reports in the area and, when the comune asks, links them as they are filed', async () => {
    const first = await insertTicket(db, { ...FAR, reporter: { email: 'h@example.org' } });
    const i = await create([first.id]);
    const near = await insertTicket(db, {
      lon: FAR.lon + 0.0001,
      lat: FAR.lat,
      createdHoursAgo: 0,
    });
    await insertTicket(db, {
      lon: FAR.lon + 0.0001,
      lat: FAR.lat,
      category: 'segnaletica',
      createdHoursAgo: 0,
    });
    const q = await fx.gql(
      planner,
      'query($id: ID!) { intervention(id: $id) { suggestedTickets { code } } }',
      { id: i.id },
    );
    expect(q.data!.intervention).toEqual({ suggestedTickets: [{ code: near.code }] });

    const settings = db.municipality.settings;
    db.municipality.settings = { ...settings, interventionAutoLink: true };
    try {
      const pothole = await categoryId(db, 'buca_stradale');
      const r = await fx.gql(
        null,
        'mutation($input: SubmitReportInput!) { submitReport(input: $input) { ticket { code } } }',
        {
          input: reportInput(
            pothole,
            { lon: FAR.lon - 0.0001, lat: FAR.lat },
            {
              email: 'nuovo@example.org',
            },
          ),
        },
      );
      expect(r.errors).toBeUndefined();
      const code = (r.data!.submitReport as { ticket: { code: string } }).ticket.code;
      const { rows } = await db.pool.query<{ status: string; auto: boolean }>(
        `select t.status, it.auto_linked as auto from ticket t
         join intervention_ticket it on it.municipality_id = t.municipality_id and it.ticket_id = t.id and it.active
         where t.municipality_id = $1 and t.code = $2`,
        [db.municipality.id, code],
      );
      expect(rows).toEqual([{ status: 'in_progress', auto: true }]);
      const { rows: mails } = await db.pool.query<{ kind: string }>(
        `select kind from notification_outbox where municipality_id = $1 and recipient = 'nuovo@example.org' order by id`,
        [db.municipality.id],
      );
      expect(mails.map((m) => m.kind)).toEqual(['received', 'intervention_planned']);
    } finally {
      db.municipality.settings = settings;
    }
  });

  it('tells webhook subscribers of intervention.changed about every change', async () => {
    await db.pool.query(
      `insert into webhook_subscription (municipality_id, url, events, secret, owner_staff_id)
       values ($1, 'https://93.184.216.34/hook', '{intervention.changed}', 's', $2)`,
      [db.municipality.id, admin.staffId],
    );
    const t = await insertTicket(db);
    const i = await create([t.id]);
    await move('scheduleIntervention', i.id, 1);
    const { rows } = await db.pool.query<{ event_type: string; payload: string }>(
      `select event_type, payload from webhook_delivery where municipality_id = $1 order by id`,
      [db.municipality.id],
    );
    expect(rows.map((r) => r.event_type)).toEqual(['intervention.changed', 'intervention.changed']);
    const last = JSON.parse(rows[1].payload) as {
      intervention: { status: string; tickets: string[] };
      change: { action: string };
    };
    expect(last.change.action).toBe('scheduled');
    expect(last.intervention.status).toBe('scheduled');
    expect(last.intervention.tickets).toEqual([t.code]);
    await db.pool.query('delete from webhook_subscription where municipality_id = $1', [
      db.municipality.id,
    ]);
  });

  it('lists interventions for operators of their office only', async () => {
    const other = await createStaff(db, 'vigile@example.org', 'operator', ['polizia_municipale']);
    const list = '{ interventions(first: 100) { totalCount edges { node { id officeId } } } }';
    const mine = await fx.gql(operator, list);
    const total = (mine.data!.interventions as { totalCount: number }).totalCount;
    expect(total).toBeGreaterThan(0);
    expect((await fx.gql(planner, list)).data!.interventions).toMatchObject({ totalCount: total });
    expect((await fx.gql(other, list)).data!.interventions).toMatchObject({ totalCount: 0 });
  });
});

// The formula of docs/interventions.md, written again from the tickets' rows (no ticket was ever
// resolved in the candidates' database, so none is a recurrence: that term is 0).
function expectedScore(
  rows: { supporters: number; priority: number; created_at: Date; due_at: Date }[],
  now: number,
): number {
  const n = rows.length;
  const overdue = rows.filter((r) => r.due_at.getTime() < now).length / n;
  const age = rows.reduce((s, r) => s + (now - r.created_at.getTime()) / 86_400_000, 0) / n;
  const raw =
    10 * n +
    2 * rows.reduce((s, r) => s + r.supporters, 0) +
    30 * overdue +
    0.1 * Math.min(age, 365) +
    4 * rows.reduce((s, r) => s + (4 - r.priority), 0);
  return Math.round(raw * 100) / 100;
}

describe('candidates and budget plans', () => {
  let fresh: TestDatabase;
  let gql: WorkflowFixture['gql'];
  let other: WorkflowFixture;
  let p: Viewer;

  beforeAll(async () => {
    // A database of its own: only these tickets are open.
    other = await startWorkflowFixture();
    fresh = other.db;
    gql = other.gql;
    p = await createStaff(fresh, 'p@example.org', 'planner');
    const spots = [
      { ...HERE, street: streetA, n: 3, cat: 'buca_stradale' },
      { lon: 10.2305, lat: 43.9945, street: streetB, n: 2, cat: 'illuminazione_pubblica' },
      { lon: 10.2335, lat: 43.9965, street: streetB, n: 1, cat: 'buca_stradale' },
    ];
    let k = 0;
    for (const s of spots)
      for (let j = 0; j < s.n; j++) {
        // 200 m apart within a spot group except the first group, which forms a duplicate cluster.
        const offset = s.n === 3 ? j * 0.0001 : j * 0.003;
        const t = await insertTicket(fresh, {
          category: s.cat,
          lon: s.lon + offset,
          lat: s.lat,
          createdHoursAgo: 24 * (10 + 30 * k++),
          supporters: Array.from({ length: j }, (_, x) => ({ email: `s${k}-${x}@example.org` })),
        });
        await fresh.pool.query('update ticket set street_id = $2, priority = $3 where id = $1', [
          t.id,
          s.street,
          1 + (k % 4),
        ]);
      }
  });
  afterAll(() => other?.close());

  it('ranks candidates by the documented score, with costs from the unit costs and tickets per 1,000 €', async () => {
    const r = await gql(
      p,
      '{ interventionCandidates(first: 10) { key kind score estimatedCost ticketCount ticketsPer1000Euro street { name } tickets { id } } }',
    );
    expect(r.errors).toBeUndefined();
    const list = r.data!.interventionCandidates as {
      key: string;
      kind: string;
      score: number;
      estimatedCost: number;
      ticketCount: number;
      ticketsPer1000Euro: number;
      street: { name: string } | null;
      tickets: { id: string }[];
    }[];
    // The three close potholes are a cluster; the two lamps and the lone pothole on street B are two
    // street candidates (two offices).
    expect(list.map((c) => [c.kind, c.ticketCount]).sort()).toEqual([
      ['CLUSTER', 3],
      ['STREET', 1],
      ['STREET', 2],
    ]);
    const now = Date.now();
    for (const c of list) {
      const { rows } = await fresh.pool.query<{
        supporters: number;
        priority: number;
        created_at: Date;
        due_at: Date;
        unit: number;
      }>(
        `select t.supporters_count as supporters, t.priority, t.created_at, t.due_at, c.unit_cost_eur as unit
         from ticket t join category c on c.municipality_id = t.municipality_id and c.id = t.category_id
         where t.id = any($1::bigint[])`,
        [c.tickets.map((t) => Number(t.id))],
      );
      // Ages move between the query and here: within a hundredth per day's worth of milliseconds.
      expect(c.score).toBeCloseTo(expectedScore(rows, now), 1);
      const cost = rows.reduce((s, x) => s + Number(x.unit), 0);
      expect(c.estimatedCost).toBe(cost);
      expect(c.ticketsPer1000Euro).toBeCloseTo((c.ticketCount * 1000) / cost, 2);
    }
    expect(list.map((c) => c.score)).toEqual([...list.map((c) => c.score)].sort((a, b) => b - a));
    expect(list.find((c) => c.kind === 'STREET')!.street).not.toBeNull();
    // Seravezza's seeded unit costs.
    const { rows: units } = await fresh.pool.query<{ code: string; unit: number }>(
      `select code, unit_cost_eur as unit from category where municipality_id = $1 and code in ('buca_stradale', 'illuminazione_pubblica') order by code`,
      [fresh.municipality.id],
    );
    expect(units).toEqual([
      { code: 'buca_stradale', unit: 180 },
      { code: 'illuminazione_pubblica', unit: 350 },
    ]);
  });

  it('plans the best set within a budget (checked against every subset) and says what 10 % more adds', async () => {
    const all = (await gql(p, '{ interventionCandidates(first: 50) { key score estimatedCost } }'))
      .data!.interventionCandidates as { key: string; score: number; estimatedCost: number }[];
    for (const budget of [0, 179, 180, 540, 700, 900, 1250, 5000]) {
      const r = await gql(
        planner,
        'query($b: Float!) { planInterventions(budget: $b) { totalCost totalScore ticketCount method candidates { key score estimatedCost } nextTenPercent { totalScore } nextTenPercentAddedScore } }',
        { b: budget },
      );
      expect(r.errors).toBeUndefined();
      const plan = r.data!.planInterventions as {
        totalCost: number;
        totalScore: number;
        method: string;
        candidates: { key: string }[];
        nextTenPercent: { totalScore: number };
        nextTenPercentAddedScore: number;
      };
      let best = 0;
      for (let mask = 0; mask < 1 << all.length; mask++) {
        const set = all.filter((_, i) => mask & (1 << i));
        const cost = set.reduce((s, c) => s + c.estimatedCost, 0);
        if (cost <= budget)
          best = Math.max(
            best,
            set.reduce((s, c) => s + c.score, 0),
          );
      }
      expect(plan.method).toBe('EXACT');
      expect(plan.totalScore).toBeCloseTo(best, 2);
      expect(plan.totalCost).toBeLessThanOrEqual(budget);
      if (budget === 0) expect(plan.candidates).toEqual([]);
      expect(plan.nextTenPercentAddedScore).toBeCloseTo(
        plan.nextTenPercent.totalScore - plan.totalScore,
        2,
      );
    }
  });

  it('turns a plan into interventions in one action, and candidates then leave the ranking', async () => {
    const plan = (
      await gql(p, '{ planInterventions(budget: 100000) { ticketCount candidates { key } } }')
    ).data!.planInterventions as { ticketCount: number; candidates: { key: string }[] };
    const r = await gql(
      p,
      'mutation($k: [String!]!) { createInterventionsFromPlan(keys: $k, plannedStart: "2027-05-01", plannedEnd: "2027-05-31") { id status estimatedCost tickets { status } } }',
      { k: plan.candidates.map((c) => c.key) },
    );
    expect(r.errors).toBeUndefined();
    const made = r.data!.createInterventionsFromPlan as { tickets: { status: string }[] }[];
    expect(made).toHaveLength(plan.candidates.length);
    expect(made.flatMap((m) => m.tickets.map((t) => t.status))).toHaveLength(plan.ticketCount);
    const left = await gql(p, '{ interventionCandidates(first: 10) { key } }');
    expect(left.data!.interventionCandidates).toEqual([]);
    // A stale key (the candidates are gone) refuses the whole plan.
    const again = await gql(
      p,
      'mutation($k: [String!]!) { createInterventionsFromPlan(keys: $k, plannedStart: "2027-05-01", plannedEnd: "2027-05-31") { id } }',
      { k: [plan.candidates[0].key] },
    );
    expect(errorCode(again)).toBe('BAD_USER_INPUT');
  });

  it('lets admins set a unit cost, and nobody else', async () => {
    const a = await createStaff(fresh, 'a@example.org', 'admin');
    const cat = await categoryId(fresh, 'verde_pubblico');
    const set =
      'mutation($c: ID!) { setCategoryUnitCost(categoryId: $c, unitCostEur: 210.5) { code unitCostEur } }';
    expect(errorCode(await gql(p, set, { c: cat }))).toBe('FORBIDDEN');
    const r = await gql(a, set, { c: cat });
    expect(r.data!.setCategoryUnitCost).toEqual({ code: 'verde_pubblico', unitCostEur: 210.5 });
    const neg = await gql(
      a,
      'mutation($c: ID!) { setCategoryUnitCost(categoryId: $c, unitCostEur: -5) { code } }',
      { c: cat },
    );
    expect(errorCode(neg)).toBe('BAD_USER_INPUT');
  });
});
