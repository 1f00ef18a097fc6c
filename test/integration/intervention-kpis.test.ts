// The programme's KPIs (issue 13 part 4) on a real database: planned and spent cost, reports closed
// through interventions, median days from planning to completion and the on-time share, each
// recomputed here from the rows (costs and dates of the interventions, the reports resolved with each
// closing note) and checked against literal figures; operators get their offices' figures only.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Viewer } from '../../server/domain/viewer.js';
import type { TestDatabase } from '../helpers/database.js';
import { createStaff, insertTicket, officeId } from '../helpers/staff-fixtures.js';
import { startWorkflowFixture, type WorkflowFixture } from '../helpers/workflow-fixture.js';

let fx: WorkflowFixture;
let db: TestDatabase;
let planner: Viewer;
let lavori = 0;
let other = 0;
let street = 0;

beforeAll(async () => {
  fx = await startWorkflowFixture();
  db = fx.db;
  planner = await createStaff(db, 'pianificatore@example.org', 'planner');
  lavori = await officeId(db, 'lavori_pubblici');
  const { rows } = await db.pool.query<{ id: number; street: number }>(
    `select o.id, (select s.id from street s where s.municipality_id = $1 order by s.id limit 1) as street
     from office o where o.municipality_id = $1 and o.id <> $2 order by o.id limit 1`,
    [db.municipality.id, lavori],
  );
  other = rows[0].id;
  street = rows[0].street;
});
afterAll(() => fx?.close());

const KPIS = `query($f: InterventionFilterInput) { interventionKpis(filter: $f) {
  interventionCount plannedCount scheduledCount inProgressCount completedCount cancelledCount
  plannedCost spentCost ticketsClosed medianDaysToComplete onTimeShare } }`;

async function ok<T>(as: Viewer, query: string, variables: Record<string, unknown>): Promise<T> {
  const r = await fx.gql(as, query, variables);
  expect(r.errors, JSON.stringify(r.errors)).toBeUndefined();
  return r.data as T;
}

async function create(tickets: number[], cost: number, extra: Record<string, unknown> = {}) {
  const r = await ok<{ createIntervention: { intervention: { id: string; version: number } } }>(
    planner,
    `mutation($input: CreateInterventionInput!) { createIntervention(input: $input) { intervention { id version } } }`,
    {
      input: {
        title: `Intervento da ${cost} €`,
        officeId: String(lavori),
        ticketIds: tickets.map(String),
        estimatedCost: cost,
        plannedStart: '2027-03-15',
        plannedEnd: '2027-03-19',
        ...extra,
      },
    },
  );
  return r.createIntervention.intervention;
}

async function move(field: string, id: string, version: number, tail = '') {
  const r = await ok<Record<string, { intervention: { version: number } }>>(
    planner,
    `mutation($id: ID!, $v: Int!) { ${field}(id: $id, version: $v${tail}) { intervention { version } } }`,
    { id, v: version },
  );
  return r[field].intervention.version;
}

async function complete(id: string, version: number, note: string, created: string, done: string) {
  await move(
    'completeIntervention',
    id,
    await move('scheduleIntervention', id, version),
    `, note: "${note}"`,
  );
  // The clock of the test: planned on `created`, completed at `done` (UTC instants).
  await db.pool.query(
    'update intervention set created_at = $3, completed_at = $4 where municipality_id = $1 and id = $2',
    [db.municipality.id, Number(id), created, done],
  );
}

const romeDay = (d: Date) =>
  new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Rome' }).format(d); // YYYY-MM-DD

function median(xs: number[]): number | null {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/** The figures from the rows, by other means than the query: JavaScript over the intervention rows, and
 * the reports resolved with each completed intervention's closing note. */
async function recompute(officeIds: number[] | null) {
  const { rows } = await db.pool.query<{
    id: number;
    status: string;
    cost: string;
    created_at: Date;
    completed_at: Date | null;
    planned_end: string;
    closing_note: string | null;
  }>(
    `select id, status, estimated_cost_eur::text as cost, created_at, completed_at,
            to_char(planned_end, 'YYYY-MM-DD') as planned_end, closing_note
     from intervention where municipality_id = $1 and ($2::int[] is null or office_id = any($2::int[]))`,
    [db.municipality.id, officeIds],
  );
  const done = rows.filter((r) => r.status === 'completed');
  let closed = 0;
  for (const r of done) {
    const { rows: resolved } = await db.pool.query<{ n: number }>(
      `select count(distinct e.ticket_id)::int as n from ticket_event e
       join intervention_ticket it on it.municipality_id = e.municipality_id and it.ticket_id = e.ticket_id
       where e.municipality_id = $1 and it.intervention_id = $2 and e.kind = 'resolved' and e.note = $3`,
      [db.municipality.id, r.id, r.closing_note],
    );
    closed += resolved[0].n;
  }
  const days = done.map((r) => (r.completed_at!.getTime() - r.created_at.getTime()) / 86_400_000);
  const count = (s: string) => rows.filter((r) => r.status === s).length;
  const med = median(days);
  return {
    interventionCount: rows.length,
    plannedCount: count('planned'),
    scheduledCount: count('scheduled'),
    inProgressCount: count('in_progress'),
    completedCount: done.length,
    cancelledCount: count('cancelled'),
    plannedCost: rows
      .filter((r) => r.status !== 'cancelled')
      .reduce((a, r) => a + Number(r.cost), 0),
    spentCost: done.reduce((a, r) => a + Number(r.cost), 0),
    ticketsClosed: closed,
    medianDaysToComplete: med === null ? null : Math.round(med * 10) / 10,
    onTimeShare:
      done.length === 0
        ? null
        : Math.round(
            (done.filter((r) => romeDay(r.completed_at!) <= r.planned_end).length / done.length) *
              1000,
          ) / 1000,
  };
}

describe('the programme KPIs', () => {
  it('are empty figures, not errors, before any intervention', async () => {
    const r = await ok<{ interventionKpis: Record<string, unknown> }>(planner, KPIS, {});
    expect(r.interventionKpis).toMatchObject({
      interventionCount: 0,
      plannedCost: 0,
      spentCost: 0,
      ticketsClosed: 0,
      medianDaysToComplete: null,
      onTimeShare: null,
    });
  });

  it('count costs, closed reports, days to completion and the on-time share as recomputed from the rows', async () => {
    const t = [];
    for (let n = 0; n < 7; n++) t.push((await insertTicket(db)).id);
    // A: two reports, completed the evening of its last day (22:30 UTC = 23:30 in Rome): on time.
    const a = await create([t[0], t[1]], 1000);
    await complete(
      a.id,
      a.version,
      'Asfalto rifatto.',
      '2027-03-01T10:00:00Z',
      '2027-03-19T22:30:00Z',
    );
    // B: two reports, one unlinked first (not closed by it); completed 00:30 in Rome the day after: late.
    const b = await create([t[2], t[3]], 500.5);
    const bv = await ok<{ unlinkInterventionTickets: { intervention: { version: number } } }>(
      planner,
      'mutation($id: ID!, $v: Int!, $t: [ID!]!) { unlinkInterventionTickets(id: $id, version: $v, ticketIds: $t) { intervention { version } } }',
      { id: b.id, v: b.version, t: [String(t[3])] },
    );
    await complete(
      b.id,
      bv.unlinkInterventionTickets.intervention.version,
      'Buca chiusa.',
      '2027-03-10T08:00:00Z',
      '2027-03-19T23:30:00Z',
    );
    // F: one report, completed well before its end: on time, and the longest.
    const f = await create([t[4]], 100);
    await complete(f.id, f.version, 'Fatto.', '2027-02-01T00:00:00Z', '2027-03-10T12:00:00Z');
    // C cancelled (no planned cost), D only planned, E another office's (no reports).
    const c = await create([t[5]], 300);
    await move('cancelIntervention', c.id, c.version, ', note: "Rinviato."');
    await create([t[6]], 200);
    await create([], 700, { officeId: String(other), streetId: String(street) });

    const all = await ok<{ interventionKpis: Record<string, unknown> }>(planner, KPIS, {});
    expect(all.interventionKpis).toEqual(await recompute(null));
    expect(all.interventionKpis).toEqual({
      interventionCount: 6,
      plannedCount: 2,
      scheduledCount: 0,
      inProgressCount: 0,
      completedCount: 3,
      cancelledCount: 1,
      plannedCost: 2500.5,
      spentCost: 1600.5,
      ticketsClosed: 4,
      // 37.5, 18.52 and 9.65 days: the median, not the mean (21.9).
      medianDaysToComplete: 18.5,
      onTimeShare: 0.667,
    });

    const lavoriOnly = await ok<{ interventionKpis: Record<string, unknown> }>(planner, KPIS, {
      f: { officeIds: [String(lavori)] },
    });
    expect(lavoriOnly.interventionKpis).toEqual(await recompute([lavori]));
    expect(lavoriOnly.interventionKpis).toMatchObject({
      interventionCount: 5,
      plannedCost: 1800.5,
    });

    // The operator of Lavori Pubblici asks for every office: it gets its own office's figures.
    const op = await ok<{ interventionKpis: Record<string, unknown> }>(fx.operator, KPIS, {
      f: { officeIds: [String(lavori), String(other)] },
    });
    expect(op.interventionKpis).toEqual(lavoriOnly.interventionKpis);
    const completedOnly = await ok<{ interventionKpis: Record<string, unknown> }>(planner, KPIS, {
      f: { statuses: ['COMPLETED'] },
    });
    expect(completedOnly.interventionKpis).toMatchObject({
      interventionCount: 3,
      plannedCost: 1600.5,
      ticketsClosed: 4,
    });
  });
});
