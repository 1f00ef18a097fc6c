// The inbox as a work list (issue 12): cursor pages that reach every ticket in every order and
// direction, the filters of the work list (text and address, code, street, office, assignee, channel),
// counts per status, and bulk actions checked and versioned ticket by ticket.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateTrackingCode } from '../../server/domain/tracking-code.js';
import type { Viewer } from '../../server/domain/viewer.js';
import { buildSegnalaSchema } from '../../server/graphql/build-schema.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';
import {
  createGql,
  createStaff,
  errorCode,
  insertTicket,
  officeId,
} from '../helpers/staff-fixtures.js';

let db: TestDatabase;
let gql: ReturnType<typeof createGql>;
let admin: Viewer;
let operator: Viewer;
let colleague: Viewer;
let outsider: Viewer;
let planner: Viewer;
const MANY = 230;

beforeAll(async () => {
  db = await createTestDatabase();
  gql = createGql(db, await buildSegnalaSchema());
  admin = await createStaff(db, 'admin@example.org', 'admin');
  operator = await createStaff(db, 'tecnico@example.org', 'operator', ['lavori_pubblici']);
  colleague = await createStaff(db, 'collega@example.org', 'operator', ['lavori_pubblici']);
  outsider = await createStaff(db, 'vigile@example.org', 'operator', ['polizia_municipale']);
  planner = await createStaff(db, 'planner@example.org', 'planner');
  // 230 tickets over every category, with many ties on priority, status, supporters and dates, so
  // that only the id keeps the order total.
  const m = db.municipality.id;
  await db.pool.query(
    `insert into ticket (municipality_id, code, category_id, office_id, title, description, location, locale,
       created_at, updated_at, due_at, supporters_count, priority, status, channel)
     select $1, ($3::text[])[g], c.id, c.office_id, 'Segnalazione ' || g,
       'Descrizione ' || g, st_setsrid(st_makepoint(10.20 + (g % 37) * 0.001, 43.98 + (g % 23) * 0.001), 4326)::geography, 'it',
       now() - make_interval(hours => (g % 50) * 5), now() - make_interval(hours => g % 7),
       now() - make_interval(hours => (g % 50) * 5) + make_interval(hours => c.sla_hours),
       g % 4, 1 + g % 4, (array['received', 'acknowledged', 'in_progress', 'resolved']::ticket_status[])[1 + g % 4],
       (array['web', 'phone', 'desk', 'web', 'email'])[1 + g % 5]
     from generate_series(1, $2::int) g
     cross join lateral (select id, office_id, sla_hours from category where municipality_id = $1 order by id offset (g % 3) limit 1) c`,
    [
      m,
      MANY,
      Array.from({ length: MANY }, () => generateTrackingCode(db.municipality.code_prefix)),
    ],
  );
});
afterAll(async () => {
  await db?.close();
});

type Conn = {
  totalCount: number;
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  edges: { node: { id: string; version: number; suggestedPriority: { score: number } } }[];
};
async function page(viewer: Viewer, args: string, vars: Record<string, unknown> = {}) {
  const decl = Object.keys(vars).length
    ? `(${Object.keys(vars)
        .map((k) => `$${k}: ${k === 'filter' ? 'InboxFilterInput' : 'String'}`)
        .join(', ')})`
    : '';
  const r = await gql(
    viewer,
    `query${decl} { inbox(${args}) { totalCount pageInfo { hasNextPage endCursor }
      edges { node { id version suggestedPriority { score } } } } }`,
    vars,
  );
  expect(r.errors).toBeUndefined();
  return r.data!.inbox as Conn;
}
async function ids(viewer: Viewer, filter: Record<string, unknown>): Promise<number[]> {
  const c = await page(viewer, 'first: 100, filter: $filter', { filter });
  return c.edges.map((e) => Number(e.node.id)).sort((a, b) => a - b);
}
async function sqlIds(where: string, params: unknown[] = []): Promise<number[]> {
  const { rows } = await db.pool.query<{ id: string }>(
    `select id from ticket t where municipality_id = $1 and ${where} order by id`,
    [db.municipality.id, ...params],
  );
  return rows.map((r) => Number(r.id));
}

// The order each InboxOrder must give, written here independently of the server's SQL.
const EXPECTED: Record<string, string> = {
  PRIORITY: 'priority, due_at, id',
  DUE_DATE: 'due_at, id',
  CREATED_AT: 'created_at, id',
  UPDATED_AT: 'updated_at, id',
  CODE: 'code, id',
  STATUS: 'status, due_at, id',
  SUPPORTERS: 'supporters_count, created_at, id',
};
const reverse = (order: string) =>
  order
    .split(', ')
    .map((k) => `${k} desc`)
    .join(', ');

describe('inbox pages', () => {
  for (const order of [...Object.keys(EXPECTED), 'SUGGESTED_PRIORITY']) {
    for (const direction of ['ASC', 'DESC']) {
      it(`reaches every ticket exactly once, in order: ${order} ${direction}`, async () => {
        const seen: number[] = [];
        const scores: number[] = [];
        let after: string | null = null;
        let pages = 0;
        for (;;) {
          const c: Conn = await page(
            admin,
            `first: 50, orderBy: ${order}, direction: ${direction}${after ? ', after: $after' : ''}`,
            after ? { after } : {},
          );
          expect(c.totalCount).toBe(MANY);
          seen.push(...c.edges.map((e) => Number(e.node.id)));
          scores.push(...c.edges.map((e) => e.node.suggestedPriority.score));
          pages++;
          if (!c.pageInfo.hasNextPage) break;
          after = c.pageInfo.endCursor;
        }
        expect(pages).toBe(Math.ceil(MANY / 50));
        expect(new Set(seen).size).toBe(MANY);
        if (order === 'SUGGESTED_PRIORITY') {
          const sorted = [...scores].sort((a, b) => (direction === 'ASC' ? b - a : a - b));
          expect(scores).toEqual(sorted);
        } else {
          const sql = direction === 'ASC' ? EXPECTED[order] : reverse(EXPECTED[order]);
          const { rows } = await db.pool.query<{ id: string }>(
            `select id from ticket where municipality_id = $1 order by ${sql}`,
            [db.municipality.id],
          );
          expect(seen).toEqual(rows.map((r) => Number(r.id)));
        }
      });
    }
  }

  it('keeps NEWEST and OLDEST as CREATED_AT descending and ascending', async () => {
    const newest = await page(admin, 'first: 5, orderBy: NEWEST');
    const desc = await page(admin, 'first: 5, orderBy: CREATED_AT, direction: DESC');
    expect(newest.edges).toEqual(desc.edges);
    const oldest = await page(admin, 'first: 5, orderBy: OLDEST');
    const asc = await page(admin, 'first: 5, orderBy: CREATED_AT');
    expect(oldest.edges).toEqual(asc.edges);
  });
});

describe('inbox filters and counts', () => {
  it('finds by tracking code, by words and by address', async () => {
    const t = await insertTicket(db, { title: 'Lampione spento' });
    await db.pool.query(`update ticket set address = 'Via Cervaiole 12' where id = $1`, [t.id]);
    expect(await ids(admin, { text: t.code.toLowerCase() })).toEqual([t.id]);
    expect(await ids(admin, { text: 'lampione' })).toEqual([t.id]);
    expect(await ids(admin, { text: 'cervaiole' })).toEqual([t.id]);
    await db.pool.query(`update ticket set status = 'resolved' where id = $1`, [t.id]);
  });

  it('filters by channel, category, office, street, status and priority like the SQL', async () => {
    const office = await officeId(db, 'lavori_pubblici');
    expect(await ids(admin, { channels: ['PHONE', 'EMAIL'] })).toEqual(
      await sqlIds(`channel in ('phone', 'email')`),
    );
    expect(await ids(admin, { officeIds: [String(office)], statuses: ['RECEIVED'] })).toEqual(
      await sqlIds(`office_id = $2 and status = 'received'`, [office]),
    );
    const { rows } = await db.pool.query<{ id: number }>(
      'select id from street where municipality_id = $1 order by id limit 1',
      [db.municipality.id],
    );
    const street = rows[0].id;
    await db.pool.query(
      `update ticket set street_id = $2 where municipality_id = $1 and title like 'Segnalazione %' and id % 10 = 0`,
      [db.municipality.id, street],
    );
    expect(await ids(admin, { streetIds: [String(street)], priorities: [1, 3] })).toEqual(
      await sqlIds('street_id = $2 and priority in (1, 3)', [street]),
    );
    const cat = await db.pool.query<{ id: number }>(
      'select category_id as id from ticket where municipality_id = $1 limit 1',
      [db.municipality.id],
    );
    expect(await ids(admin, { categoryIds: [String(cat.rows[0].id)], overdue: true })).toEqual(
      await sqlIds(
        `category_id = $2 and status in ('received', 'acknowledged', 'in_progress') and due_at < now()`,
        [cat.rows[0].id],
      ),
    );
  });

  it("shows an operator only its offices' tickets assigned to it with assignedToMe", async () => {
    const mine = await sqlIds(`office_id = $2 and status = 'received'`, [
      await officeId(db, 'lavori_pubblici'),
    ]);
    await db.pool.query('update ticket set assignee_id = $2 where id = any($1::bigint[])', [
      mine.slice(0, 3),
      operator.staffId,
    ]);
    expect(await ids(operator, { assignedToMe: true })).toEqual(mine.slice(0, 3));
    expect(await ids(colleague, { assignedToMe: true })).toEqual([]);
    expect(await ids(outsider, { assignedToMe: true })).toEqual([]);
  });

  it('counts per status for the same filter, its statuses left out', async () => {
    const r = await gql(
      admin,
      `{ inboxCounts(filter: { statuses: [RECEIVED], channels: [WEB] }) { total byStatus { status count } } }`,
    );
    expect(r.errors).toBeUndefined();
    const { rows } = await db.pool.query<{ status: string; n: number }>(
      `select status, count(*)::int as n from ticket where municipality_id = $1 and channel = 'web' group by status`,
      [db.municipality.id],
    );
    const counts = r.data!.inboxCounts as {
      total: number;
      byStatus: { status: string; count: number }[];
    };
    expect(counts.byStatus).toHaveLength(6);
    for (const row of rows)
      expect(counts.byStatus.find((s) => s.status === row.status.toUpperCase())?.count).toBe(row.n);
    expect(counts.total).toBe(rows.reduce((n, x) => n + x.n, 0));
    const narrow = await gql(operator, '{ inboxCounts { total } }');
    const office = await officeId(db, 'lavori_pubblici');
    expect(narrow.data).toEqual({
      inboxCounts: { total: (await sqlIds('office_id = $2', [office])).length },
    });
    expect(errorCode(await gql(null, '{ inboxCounts { total } }'))).toBe('UNAUTHENTICATED');
  });
});

const POINTS = `query($filter: InboxFilterInput, $limit: Int) {
  inboxPoints(filter: $filter, limit: $limit) { truncated points { id code title status lon lat } } }`;
type Points = {
  truncated: boolean;
  points: { id: string; code: string; title: string; status: string; lon: number; lat: number }[];
};
async function points(viewer: Viewer | null, filter: Record<string, unknown> = {}, limit?: number) {
  return gql(viewer, POINTS, { filter, ...(limit === undefined ? {} : { limit }) });
}

describe('inboxPoints (the map of the inbox)', () => {
  it('holds every ticket of the filter, all pages, as the list shows them to the same viewer', async () => {
    const all = await points(admin);
    expect(all.errors).toBeUndefined();
    const map = all.data!.inboxPoints as Points;
    expect(map.truncated).toBe(false);
    // More than one page of the list (50 rows in the dashboard): the whole list.
    const everything = await sqlIds('true');
    expect(everything.length).toBeGreaterThan(200);
    expect(map.points.map((p) => Number(p.id)).sort((a, b) => a - b)).toEqual(everything);
    const one = map.points.find((p) => Number(p.id) === everything[0])!;
    const { rows } = await db.pool.query(
      'select code, title, status, st_x(location::geometry) as lon, st_y(location::geometry) as lat from ticket where id = $1',
      [everything[0]],
    );
    expect(one).toMatchObject({ ...rows[0], status: String(rows[0].status).toUpperCase() });
    // The same filter as the list, in the same words.
    const filter = { channels: ['PHONE', 'EMAIL'], statuses: ['RECEIVED', 'IN_PROGRESS'] };
    const filtered = (await points(admin, filter)).data!.inboxPoints as Points;
    const listed = await page(admin, 'first: 100, filter: $filter', { filter });
    expect(listed.totalCount).toBe(filtered.points.length);
    expect(filtered.points.map((p) => Number(p.id)).sort((a, b) => a - b)).toEqual(
      await sqlIds(`channel in ('phone', 'email') and status in ('received', 'in_progress')`),
    );
    // An operator sees its offices' tickets only, as in the list; a planner all of them.
    const office = await officeId(db, 'lavori_pubblici');
    const own = (await points(operator)).data!.inboxPoints as Points;
    expect(own.points.map((p) => Number(p.id)).sort((a, b) => a - b)).toEqual(
      await sqlIds('office_id = $2', [office]),
    );
    const asked = (
      await points(operator, { officeIds: [String(await officeId(db, 'polizia_municipale'))] })
    ).data!.inboxPoints as Points;
    expect(asked.points).toEqual([]);
    const planned = (await points(planner)).data!.inboxPoints as Points;
    expect(planned.points).toHaveLength(everything.length);
    expect(errorCode(await points(null))).toBe('UNAUTHENTICATED');
  });

  it('is bounded: the newest `limit` points and truncated when more match; a bad limit is refused', async () => {
    const cut = await points(admin, {}, 10);
    expect(cut.errors).toBeUndefined();
    const map = cut.data!.inboxPoints as Points;
    expect(map.truncated).toBe(true);
    const { rows } = await db.pool.query<{ id: string }>(
      'select id from ticket where municipality_id = $1 order by created_at desc, id desc limit 10',
      [db.municipality.id],
    );
    expect(map.points.map((p) => p.id)).toEqual(rows.map((r) => String(r.id)));
    const exact = (await points(admin, {}, (await sqlIds('true')).length)).data!
      .inboxPoints as Points;
    expect(exact.truncated).toBe(false);
    for (const limit of [0, 5001])
      expect((await points(admin, {}, limit)).errors?.[0].extensions).toMatchObject({
        code: 'BAD_USER_INPUT',
        field: 'limit',
      });
  });
});

const BULK = `mutation($ids: [ID!]!, $versions: [Int!]!, $action: BulkActionInput!) {
  bulkUpdateTickets(ids: $ids, versions: $versions, action: $action) { id ok version code message } }`;
type Result = { id: string; ok: boolean; version: number | null; code: string | null };
async function bulk(
  viewer: Viewer | null,
  tickets: { id: number; version: number }[],
  action: Record<string, unknown>,
) {
  return gql(viewer, BULK, {
    ids: tickets.map((t) => String(t.id)),
    versions: tickets.map((t) => t.version),
    action,
  });
}
async function state(id: number) {
  const { rows } = await db.pool.query(
    'select status, version, priority, office_id, assignee_id from ticket where id = $1',
    [id],
  );
  return rows[0] as {
    status: string;
    version: number;
    priority: number;
    office_id: number;
    assignee_id: number | null;
  };
}
async function fresh(n: number, category = 'buca_stradale') {
  const out: { id: number; version: number }[] = [];
  for (let i = 0; i < n; i++)
    out.push({ id: (await insertTicket(db, { category })).id, version: 1 });
  return out;
}

describe('bulkUpdateTickets', () => {
  it('takes tickets in hand one by one, each audited, a stale one refused with CONFLICT', async () => {
    const [a, b, c] = await fresh(3);
    await db.pool.query('update ticket set version = 2 where id = $1', [b.id]);
    const r = await bulk(operator, [a, b, c], { kind: 'ACKNOWLEDGE' });
    expect(r.errors).toBeUndefined();
    const results = r.data!.bulkUpdateTickets as Result[];
    expect(results.map((x) => [Number(x.id), x.ok, x.code])).toEqual([
      [a.id, true, null],
      [b.id, false, 'CONFLICT'],
      [c.id, true, null],
    ]);
    expect(results[0].version).toBe(2);
    expect(await state(a.id)).toMatchObject({ status: 'acknowledged', version: 2 });
    expect(await state(b.id)).toMatchObject({ status: 'received', version: 2 });
    const { rows } = await db.pool.query<{ target: string }>(
      `select target from audit_log where action = 'ticket.acknowledgeTicket' and target = any($1) order by id`,
      [[a, b, c].map((t) => `ticket:${t.id}`)],
    );
    expect(rows.map((x) => x.target)).toEqual([`ticket:${a.id}`, `ticket:${c.id}`]);
    const summary = await db.pool.query(
      `select details from audit_log where action = 'ticket.bulkUpdate' order by id desc limit 1`,
    );
    expect(summary.rows[0].details).toMatchObject({ kind: 'acknowledge', ok: 2, refused: 1 });
    // Again: the taken ones are no longer "received".
    const again = await bulk(operator, [{ id: a.id, version: 2 }], { kind: 'ACKNOWLEDGE' });
    expect((again.data!.bulkUpdateTickets as Result[])[0].code).toBe('INVALID_TRANSITION');
  });

  it("sets the priority, refusing another office's ticket with FORBIDDEN", async () => {
    const [a] = await fresh(1);
    const [other] = await fresh(1, 'segnaletica');
    const r = await bulk(operator, [a, other], { kind: 'SET_PRIORITY', priority: 1 });
    const results = r.data!.bulkUpdateTickets as Result[];
    expect(results.map((x) => x.code)).toEqual([null, 'FORBIDDEN']);
    expect(await state(a.id)).toMatchObject({ priority: 1, version: 2 });
    expect(await state(other.id)).toMatchObject({ priority: 3, version: 1 });
  });

  it('assigns to an active operator of the office only, and reassigning the office clears it', async () => {
    const [a, b] = await fresh(2);
    const ok = await bulk(operator, [a, b], {
      kind: 'ASSIGN',
      assigneeId: String(colleague.staffId),
    });
    expect((ok.data!.bulkUpdateTickets as Result[]).every((x) => x.ok)).toBe(true);
    expect(await state(a.id)).toMatchObject({ assignee_id: colleague.staffId, version: 2 });
    const wrong = await bulk(operator, [{ id: a.id, version: 2 }], {
      kind: 'ASSIGN',
      assigneeId: String(outsider.staffId),
    });
    expect((wrong.data!.bulkUpdateTickets as Result[])[0].code).toBe('BAD_USER_INPUT');
    const target = await officeId(db, 'polizia_municipale');
    const moved = await bulk(operator, [{ id: a.id, version: 2 }], {
      kind: 'REASSIGN_OFFICE',
      officeId: String(target),
    });
    expect((moved.data!.bulkUpdateTickets as Result[])[0]).toMatchObject({ ok: true, version: 3 });
    expect(await state(a.id)).toMatchObject({ office_id: target, assignee_id: null });
    const unassign = await bulk(operator, [{ id: b.id, version: 2 }], { kind: 'ASSIGN' });
    expect((unassign.data!.bulkUpdateTickets as Result[])[0].ok).toBe(true);
    expect(await state(b.id)).toMatchObject({ assignee_id: null, version: 3 });
  });

  it('refuses planners and anonymous callers as a whole, and bad input before any change', async () => {
    const [a] = await fresh(1);
    expect(errorCode(await bulk(planner, [a], { kind: 'ACKNOWLEDGE' }))).toBe('FORBIDDEN');
    expect(errorCode(await bulk(null, [a], { kind: 'ACKNOWLEDGE' }))).toBe('UNAUTHENTICATED');
    const cases: [Record<string, unknown>, string][] = [
      [{ ids: [String(a.id)], versions: [], action: { kind: 'ACKNOWLEDGE' } }, 'versions'],
      [
        { ids: [String(a.id), String(a.id)], versions: [1, 1], action: { kind: 'ACKNOWLEDGE' } },
        'ids',
      ],
      [{ ids: [], versions: [], action: { kind: 'ACKNOWLEDGE' } }, 'ids'],
      [{ ids: [String(a.id)], versions: [1], action: { kind: 'SET_PRIORITY' } }, 'priority'],
      [
        { ids: [String(a.id)], versions: [1], action: { kind: 'SET_PRIORITY', priority: 9 } },
        'priority',
      ],
      [{ ids: [String(a.id)], versions: [1], action: { kind: 'REASSIGN_OFFICE' } }, 'officeId'],
      [
        {
          ids: Array.from({ length: 201 }, (_, i) => String(i + 1)),
          versions: Array.from({ length: 201 }, () => 1),
          action: { kind: 'ACKNOWLEDGE' },
        },
        'ids',
      ],
    ];
    for (const [vars, field] of cases) {
      const r = await gql(operator, BULK, vars);
      expect(r.errors?.[0].extensions, field).toMatchObject({ code: 'BAD_USER_INPUT', field });
    }
    expect(await state(a.id)).toMatchObject({ status: 'received', version: 1 });
  });

  it("lists the colleagues an operator may assign to: its offices' active operators", async () => {
    const r = await gql(operator, '{ colleagues { id email } }');
    expect(r.errors).toBeUndefined();
    const emails = (r.data!.colleagues as { email: string }[]).map((c) => c.email);
    expect(emails).toContain('collega@example.org');
    expect(emails).toContain('tecnico@example.org');
    expect(emails).not.toContain('vigile@example.org');
    expect(emails).not.toContain('planner@example.org');
    expect(errorCode(await gql(planner, '{ colleagues { id } }'))).toBe('FORBIDDEN');
  });

  it('without versions, changes each ticket from its current version in its own transaction', async () => {
    const [a, b] = await fresh(2);
    const [other] = await fresh(1, 'segnaletica');
    // b was changed meanwhile (its version moved on): with versions it would be a CONFLICT.
    await db.pool.query('update ticket set version = 3 where id = $1', [b.id]);
    const stale = await bulk(operator, [a, b], { kind: 'SET_PRIORITY', priority: 2 });
    expect((stale.data!.bulkUpdateTickets as Result[]).map((x) => x.code)).toEqual([
      null,
      'CONFLICT',
    ]);
    expect(await state(b.id)).toMatchObject({ priority: 3, version: 3 });
    const UNVERSIONED = `mutation($ids: [ID!]!, $action: BulkActionInput!) {
      bulkUpdateTickets(ids: $ids, action: $action) { id ok version code } }`;
    const r = await gql(operator, UNVERSIONED, {
      ids: [a, b, other].map((t) => String(t.id)),
      action: { kind: 'SET_PRIORITY', priority: 1, note: 'Tutte urgenti.' },
    });
    expect(r.errors).toBeUndefined();
    expect(r.data!.bulkUpdateTickets).toEqual([
      { id: String(a.id), ok: true, version: 3, code: null },
      { id: String(b.id), ok: true, version: 4, code: null },
      // Each ticket is still checked on its own: another office's is refused and left as it was.
      { id: String(other.id), ok: false, version: null, code: 'FORBIDDEN' },
    ]);
    expect(await state(a.id)).toMatchObject({ priority: 1, version: 3 });
    expect(await state(b.id)).toMatchObject({ priority: 1, version: 4 });
    expect(await state(other.id)).toMatchObject({ priority: 3, version: 1 });
    // One audit row and one event per ticket changed, each naming the version it was changed from.
    const { rows } = await db.pool.query<{ target: string; version: number }>(
      `select target, (details->>'version')::int as version from audit_log
       where action = 'ticket.setPriority' and target = any($1) and details->>'to' = '1' order by id`,
      [[a, b, other].map((t) => `ticket:${t.id}`)],
    );
    expect(rows).toEqual([
      { target: `ticket:${a.id}`, version: 2 },
      { target: `ticket:${b.id}`, version: 3 },
    ]);
    const events = await db.pool.query(
      `select ticket_id, before->>'version' as before, after->>'version' as after, note from ticket_event
       where kind = 'priority' and ticket_id = any($1::bigint[]) and after->>'priority' = '1' order by id`,
      [[a.id, b.id, other.id]],
    );
    expect(events.rows).toEqual([
      { ticket_id: a.id, before: '2', after: '3', note: 'Tutte urgenti.' },
      { ticket_id: b.id, before: '3', after: '4', note: 'Tutte urgenti.' },
    ]);
    const summary = await db.pool.query(
      `select details from audit_log where action = 'ticket.bulkUpdate' order by id desc limit 1`,
    );
    expect(summary.rows[0].details).toMatchObject({ ok: 2, refused: 1, versioned: false });
    // A phase move without versions follows the transition table all the same.
    const again = await gql(operator, UNVERSIONED, {
      ids: [String(a.id)],
      action: { kind: 'ACKNOWLEDGE' },
    });
    expect((again.data!.bulkUpdateTickets as Result[])[0]).toMatchObject({ ok: true, version: 4 });
    const twice = await gql(operator, UNVERSIONED, {
      ids: [String(a.id)],
      action: { kind: 'ACKNOWLEDGE' },
    });
    expect((twice.data!.bulkUpdateTickets as Result[])[0].code).toBe('INVALID_TRANSITION');
    expect(await state(a.id)).toMatchObject({ status: 'acknowledged', version: 4 });
  });

  it('answers NOT_FOUND for an unknown ticket and goes on with the others', async () => {
    const [a] = await fresh(1);
    const r = await bulk(operator, [{ id: 999999, version: 1 }, a], { kind: 'ACKNOWLEDGE' });
    expect((r.data!.bulkUpdateTickets as Result[]).map((x) => x.code)).toEqual(['NOT_FOUND', null]);
  });
});
