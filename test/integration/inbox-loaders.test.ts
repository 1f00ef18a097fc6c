// An inbox page costs a bounded number of queries, whatever its length: the categories of its rows
// (and their offices) come through the request's DataLoaders, one batch each, not one query per row.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';
import { startTestApp, type TestApp } from '../helpers/graphql.js';
import { createStaff, insertTicket, TEST_PASSWORD } from '../helpers/staff-fixtures.js';

let db: TestDatabase;
let app: TestApp;
let bearer: Record<string, string>;

const INBOX = `query($first: Int!) { inbox(first: $first, orderBy: NEWEST) { edges { node {
  id office { code } category { code office { code } } } } } }`;

type Node = {
  id: string;
  office: { code: string };
  category: { code: string; office: { code: string } };
};

beforeAll(async () => {
  db = await createTestDatabase();
  app = await startTestApp(db.services);
  await createStaff(db, 'admin@example.org', 'admin');
  const { rows } = await db.pool.query<{ code: string }>(
    'select code from category where municipality_id = $1 and active order by id',
    [db.municipality.id],
  );
  // 40 tickets spread over every category (so over several offices).
  for (let i = 0; i < 40; i++) await insertTicket(db, { category: rows[i % rows.length].code });
  const login = await app.gql<{ login: { token: string } }>(
    'mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }',
    { e: 'admin@example.org', p: TEST_PASSWORD },
  );
  bearer = { authorization: `Bearer ${login.data!.login.token}` };
});
afterAll(async () => {
  await app?.close();
  await db?.close();
});

/** One inbox page over HTTP and the number of queries the server sent to the pool for it. */
async function countedInbox(first: number): Promise<{ nodes: Node[]; queries: number }> {
  const spy = vi.spyOn(db.pool, 'query');
  try {
    const result = await app.gql<{ inbox: { edges: { node: Node }[] } }>(INBOX, { first }, bearer);
    expect(result.errors).toBeUndefined();
    return { nodes: result.data!.inbox.edges.map((e) => e.node), queries: spy.mock.calls.length };
  } finally {
    spy.mockRestore();
  }
}

describe('inbox field lookups', () => {
  it('take the same few queries for a page of 5 rows and a page of 40', async () => {
    const small = await countedInbox(5);
    const large = await countedInbox(40);
    expect(small.nodes).toHaveLength(5);
    expect(large.nodes).toHaveLength(40);
    // Sign-in check + page ids + page rows + one batch of categories + one batch of offices.
    expect(large.queries).toBe(small.queries);
    expect(large.queries).toBeLessThanOrEqual(6);
  });

  it('give every row its own category and office', async () => {
    const { nodes } = await countedInbox(40);
    const { rows } = await db.pool.query<{
      id: number;
      category: string;
      office: string;
      category_office: string;
    }>(
      `select t.id, c.code as category, o.code as office, co.code as category_office
       from ticket t join category c on c.id = t.category_id join office o on o.id = t.office_id
       join office co on co.id = c.office_id where t.municipality_id = $1`,
      [db.municipality.id],
    );
    const expected = new Map(rows.map((r) => [String(r.id), r]));
    expect(new Set(nodes.map((n) => n.category.code)).size).toBeGreaterThan(1);
    for (const node of nodes) {
      const row = expected.get(node.id)!;
      expect(node).toEqual({
        id: node.id,
        office: { code: row.office },
        category: { code: row.category, office: { code: row.category_office } },
      });
    }
  });
});
