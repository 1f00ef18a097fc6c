// The inbox: filters (shared TicketFilter + priority, overdue, due soon), orders, cursor pages with
// totalCount, SLA flags, and a suggested priority whose SQL order agrees with the domain formula.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Viewer } from '../../server/domain/viewer.js';
import { buildSegnalaSchema } from '../../server/graphql/build-schema.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';
import { createGql, createStaff, insertTicket } from '../helpers/staff-fixtures.js';

let db: TestDatabase;
let gql: ReturnType<typeof createGql>;
let operator: Viewer;
const ids: Record<string, number> = {};

beforeAll(async () => {
  db = await createTestDatabase();
  gql = createGql(db, await buildSegnalaSchema());
  operator = await createStaff(db, 'tecnico@example.org', 'operator', ['lavori_pubblici']);
  // buca_stradale: SLA 168 h, radius 30 m. Three potholes within a few metres form a cluster.
  ids.overdue = (await insertTicket(db, { createdHoursAgo: 200, title: 'Buca profonda' })).id;
  ids.soon = (
    await insertTicket(db, { createdHoursAgo: 160, lon: 10.22752, title: 'Buca vicina' })
  ).id;
  ids.fresh = (
    await insertTicket(db, {
      createdHoursAgo: 1,
      lon: 10.22754,
      supporters: [{ email: 's1@example.org' }, { email: 's2@example.org' }],
      title: 'Buca nuova',
    })
  ).id;
  ids.far = (
    await insertTicket(db, {
      category: 'marciapiede',
      createdHoursAgo: 2,
      lon: 10.24,
      lat: 43.99,
      title: 'Marciapiede rotto',
    })
  ).id;
  ids.closed = (await insertTicket(db, { createdHoursAgo: 300, title: 'Buca chiusa' })).id;
  await db.pool.query(`update ticket set status = 'resolved', closed_at = now() where id = $1`, [
    ids.closed,
  ]);
  await db.pool.query(`update ticket set priority = 1 where id = $1`, [ids.far]);
  await insertTicket(db, { category: 'segnaletica' }); // another office: never in this inbox
});
afterAll(async () => {
  await db?.close();
});

type Node = {
  id: string;
  overdue: boolean;
  dueSoon: boolean;
  priority: number;
  nearbyOpenCount: number;
  suggestedPriority: { score: number; components: { name: string; input: number }[] };
};
async function inbox(args: string): Promise<{
  totalCount: number;
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  nodes: Node[];
}> {
  const r = await gql(
    operator,
    `{ inbox(${args}) { totalCount pageInfo { hasNextPage endCursor } edges { node {
    id overdue dueSoon priority nearbyOpenCount suggestedPriority { score components { name input } } } } } }`,
  );
  expect(r.errors).toBeUndefined();
  const c = r.data!.inbox as {
    totalCount: number;
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
    edges: { node: Node }[];
  };
  return { ...c, nodes: c.edges.map((e) => e.node) };
}
const idsOf = (nodes: Node[]) => nodes.map((n) => Number(n.id));

describe('inbox', () => {
  it("lists the operator's tickets with SLA flags and cluster sizes, ordered by suggested priority by default", async () => {
    const all = await inbox('first: 50');
    expect(all.totalCount).toBe(5);
    const byId = Object.fromEntries(all.nodes.map((n) => [Number(n.id), n]));
    expect(byId[ids.overdue]).toMatchObject({ overdue: true, dueSoon: false, nearbyOpenCount: 2 });
    expect(byId[ids.soon]).toMatchObject({ overdue: false, dueSoon: true });
    expect(byId[ids.closed]).toMatchObject({ overdue: false, dueSoon: false, nearbyOpenCount: 0 });
    // The SQL order equals the order of the domain scores shown to staff.
    const scores = all.nodes.map((n) => n.suggestedPriority.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    // Overdue (35.7 SLA + 10 cluster + 6 category) outranks the closed one (SLA capped at 45, no cluster).
    expect(idsOf(all.nodes).slice(0, 2)).toEqual([ids.overdue, ids.closed]);
  });

  it('filters by status, priority, overdue, due soon, category and text', async () => {
    expect(idsOf((await inbox('filter: { overdue: true }')).nodes)).toEqual([ids.overdue]);
    expect(idsOf((await inbox('filter: { dueSoon: true }')).nodes)).toEqual([ids.soon]);
    expect(idsOf((await inbox('filter: { priorities: [1] }')).nodes)).toEqual([ids.far]);
    expect((await inbox('filter: { statuses: [RESOLVED] }')).totalCount).toBe(1);
    expect(idsOf((await inbox('filter: { text: "marciapiede" }')).nodes)).toEqual([ids.far]);
    const bad = await gql(operator, '{ inbox(filter: { priorities: [7] }) { totalCount } }');
    expect(bad.errors![0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'priorities',
    });
  });

  it('orders by due date, priority and age, and pages with cursors', async () => {
    expect(idsOf((await inbox('orderBy: DUE_DATE')).nodes)[0]).toBe(ids.closed);
    expect(idsOf((await inbox('orderBy: PRIORITY')).nodes)[0]).toBe(ids.far);
    expect(idsOf((await inbox('orderBy: NEWEST')).nodes)[0]).toBe(ids.fresh);
    const first = await inbox('first: 2, orderBy: OLDEST');
    expect(first.pageInfo.hasNextPage).toBe(true);
    const second = await inbox(`first: 2, orderBy: OLDEST, after: "${first.pageInfo.endCursor}"`);
    const third = await inbox(`first: 2, orderBy: OLDEST, after: "${second.pageInfo.endCursor}"`);
    expect(third.pageInfo.hasNextPage).toBe(false);
    expect(idsOf([...first.nodes, ...second.nodes, ...third.nodes])).toEqual([
      ids.closed,
      ids.overdue,
      ids.soon,
      ids.far,
      ids.fresh,
    ]);
  });

  it('lists overdue tickets for admins', async () => {
    const admin = await createStaff(db, 'admin@example.org', 'admin');
    const r = await gql(admin, '{ overdueTickets { totalCount edges { node { id overdue } } } }');
    expect(r.data!.overdueTickets).toEqual({
      totalCount: 1,
      edges: [{ node: { id: String(ids.overdue), overdue: true } }],
    });
  });
});
