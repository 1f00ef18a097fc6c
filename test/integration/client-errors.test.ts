// Client mistakes are answered with their own code and a message a person understands, never as
// INTERNAL_SERVER_ERROR, and change nothing: text no database can store, forged cursors, explicit null for
// an argument with a default, overlong lists, IDs out of range, and totals that do not depend on the page.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { categoryId, reportInput, rowCounts, streetPoint, submit } from '../helpers/citizen.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';
import { startTestApp, type GraphQLResult, type TestApp } from '../helpers/graphql.js';
import { createStaff, insertTicket, TEST_PASSWORD } from '../helpers/staff-fixtures.js';

let db: TestDatabase;
let app: TestApp;
let admin: Record<string, string>;

beforeAll(async () => {
  db = await createTestDatabase({
    RATE_REPORTS_PER_HOUR_ADDRESS: '0',
    RATE_REPORTS_PER_HOUR_EMAIL: '0',
  });
  app = await startTestApp(db.services);
  await createStaff(db, 'admin-errors@example.org', 'admin');
  const login = await app.gql<{ login: { token: string } }>(
    'mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }',
    { e: 'admin-errors@example.org', p: TEST_PASSWORD },
  );
  admin = { authorization: `Bearer ${login.data!.login.token}` };
  for (let i = 0; i < 3; i++) await insertTicket(db, { createdHoursAgo: i + 1 });
});

afterAll(async () => {
  await app?.close();
  await db?.close();
});

/** The request failed with `code` (naming `field`), not as a server fault, and wrote nothing. */
async function expectRefused(
  run: () => Promise<GraphQLResult>,
  code: string,
  field?: string,
): Promise<GraphQLResult> {
  const before = await rowCounts(db);
  const result = await run();
  expect(result.status).toBeLessThan(500);
  expect(result.errors?.map((e) => e.extensions?.code)).toEqual([code]);
  if (field) expect(result.errors?.[0].extensions?.field).toBe(field);
  expect(result.errors?.[0].message).not.toMatch(/interno|internal/i);
  expect(await rowCounts(db)).toEqual(before);
  return result;
}

const STREETS = 'query($s: String, $a: String) { streets(search: $s, after: $a) { totalCount } }';

describe('text no database can store', () => {
  it('a NUL character in a variable or a literal is BAD_USER_INPUT naming the argument', async () => {
    await expectRefused(() => app.gql(STREETS, { s: 'via\u0000roma' }), 'BAD_USER_INPUT', 'search');
    await expectRefused(
      () => app.gql('{ streets(search: "via\\u0000roma") { totalCount } }'),
      'BAD_USER_INPUT',
      'search',
    );
  });

  it('a NUL or a lone surrogate anywhere in a report is refused before anything is written', async () => {
    const point = await streetPoint(db, 3);
    const pothole = await categoryId(db, 'buca_stradale');
    await expectRefused(
      () => submit(app, reportInput(pothole, point, { title: 'Buca\u0000' })),
      'BAD_USER_INPUT',
      'title',
    );
    await expectRefused(
      () => submit(app, reportInput(pothole, point, { description: 'Buca \ud83d profonda' })),
      'BAD_USER_INPUT',
      'description',
    );
    await expectRefused(
      () => submit(app, reportInput(pothole, point, { name: 'Mario \udc00' })),
      'BAD_USER_INPUT',
      'name',
    );
  });

  it('text inside a JSON argument follows the same rule', async () => {
    await expectRefused(
      () =>
        app.gql('query($p: JSONObject) { tickets(filter: { polygon: $p }) { totalCount } }', {
          p: {
            type: 'Polygon',
            coordinates: [
              [
                [10.2, 43.9],
                [10.3, 43.9],
                [10.3, 44.0],
                [10.2, 43.9],
              ],
            ],
            name: 'zona\u0000nord',
          },
        }),
      'BAD_USER_INPUT',
      'polygon',
    );
  });

  it('emoji, right-to-left text and accents are ordinary text', async () => {
    const r = await app.gql(STREETS, { s: 'via 🚧 \u202eamor\u202c àèìòù' });
    expect(r.errors).toBeUndefined();
  });
});

describe('cursors', () => {
  it('a forged or foreign cursor is INVALID_CURSOR on every list', async () => {
    await expectRefused(() => app.gql(STREETS, { a: 'Wy01XQ' }), 'INVALID_CURSOR', 'after');
    await expectRefused(
      () => app.gql('{ tickets(after: "WyIxIiwxXQ") { totalCount } }'),
      'INVALID_CURSOR',
      'after',
    );
    await expectRefused(() => app.gql(STREETS, { a: 'not-a-cursor' }), 'INVALID_CURSOR', 'after');
    for (const list of ['inbox', 'overdueTickets', 'auditLog', 'streetStats']) {
      await expectRefused(
        () => app.gql(`{ ${list}(after: "Wy0xXQ") { totalCount } }`, {}, admin),
        'INVALID_CURSOR',
        'after',
      );
    }
  });

  it('a cursor of one list is not a cursor of another', async () => {
    const streets = await app.gql<{ streets: { pageInfo: { endCursor: string } } }>(
      '{ streets(first: 2) { pageInfo { endCursor } } }',
    );
    const cursor = streets.data!.streets.pageInfo.endCursor;
    await expectRefused(
      () => app.gql('query($a: String) { tickets(after: $a) { totalCount } }', { a: cursor }),
      'INVALID_CURSOR',
      'after',
    );
  });

  it('the total does not depend on the page, also past the end', async () => {
    type Streets = {
      streets: { totalCount: number; pageInfo: { hasNextPage: boolean; endCursor: string | null } };
      edges?: unknown[];
    };
    const PAGE = `query($a: String) { streets(first: 100, after: $a) { totalCount pageInfo { hasNextPage endCursor } } }`;
    const { rows } = await db.pool.query<{ n: number }>(
      'select count(*)::int as n from street where municipality_id = $1',
      [db.municipality.id],
    );
    let after: string | null = null;
    let page: Streets['streets'];
    do {
      page = (await app.gql<Streets>(PAGE, { a: after })).data!.streets;
      expect(page.totalCount).toBe(rows[0].n);
      after = page.pageInfo.endCursor;
    } while (page.pageInfo.hasNextPage);
    const past = await app.gql<Streets>(PAGE, { a: after });
    expect(past.data!.streets).toEqual({
      totalCount: rows[0].n,
      pageInfo: { hasNextPage: false, endCursor: null },
    });

    type Audit = {
      auditLog: { totalCount: number; pageInfo: { endCursor: string | null } };
    };
    const AUDIT = `query($a: String) { auditLog(first: 100, after: $a) { totalCount pageInfo { endCursor } } }`;
    const first = (await app.gql<Audit>(AUDIT, {}, admin)).data!.auditLog;
    const next = (await app.gql<Audit>(AUDIT, { a: first.pageInfo.endCursor }, admin)).data!
      .auditLog;
    expect(next.totalCount).toBe(first.totalCount);
  });
});

describe('explicit null', () => {
  it('null for a non-null argument with a default is BAD_USER_INPUT naming it', async () => {
    await expectRefused(
      () => app.gql('query($f: Int) { streets(first: $f) { totalCount } }', { f: null }),
      'BAD_USER_INPUT',
      'first',
    );
    await expectRefused(
      () =>
        app.gql(
          'query($o: StreetStatsOrder) { streetStats(orderBy: $o) { totalCount } }',
          { o: null },
          admin,
        ),
      'BAD_USER_INPUT',
      'orderBy',
    );
  });

  it('null for a non-null input field with a default is BAD_USER_INPUT naming it', async () => {
    await expectRefused(
      () =>
        app.gql(
          'mutation($o: [ID!]) { saveStaffUser(input: { email: "nuovo@example.org", role: OPERATOR, password: "password-lunga-1", officeIds: $o }) { id } }',
          { o: null },
          admin,
        ),
      'BAD_USER_INPUT',
      'officeIds',
    );
  });
});

describe('lists', () => {
  const TICKETS = 'query($ids: [ID!]) { tickets(filter: { categoryIds: $ids }) { totalCount } }';

  it('a list longer than its documented maximum is BAD_USER_INPUT naming it', async () => {
    const ids = Array.from({ length: 10_000 }, (_, i) => String(i + 1));
    const r = await expectRefused(() => app.gql(TICKETS, { ids }), 'BAD_USER_INPUT', 'categoryIds');
    expect(r.errors?.[0].message).toMatch(/100/);
    const described = await app.gql<{
      __type: { inputFields: { name: string; description: string | null }[] };
    }>('{ __type(name: "TicketFilterInput") { inputFields { name description } } }');
    const field = described.data!.__type.inputFields.find((f) => f.name === 'categoryIds');
    expect(field?.description).toMatch(/At most 100 items/);
  });

  it('10,000 wrongly typed items get one coded error, not 10,000', async () => {
    const r = await app.gql(TICKETS, { ids: Array.from({ length: 10_000 }, () => ({ id: 1 })) });
    // A variable-coercion failure answers 200 under application/json (GraphQL over HTTP, graphql.routes.ts).
    expect(r.status).toBe(200);
    expect(r.errors?.map((e) => e.extensions)).toEqual([{ code: 'BAD_USER_INPUT', field: 'ids' }]);
    expect(r.errors?.[0].message).toMatch(/ID cannot represent .* \(e altri valori non validi\)$/);
  });

  it('a polygon whose coordinates are not numbers is BAD_USER_INPUT polygon', async () => {
    await expectRefused(
      () =>
        app.gql('query($p: JSONObject) { tickets(filter: { polygon: $p }) { totalCount } }', {
          p: { type: 'Polygon', coordinates: Array.from({ length: 10_000 }, () => 'x') },
        }),
      'BAD_USER_INPUT',
      'polygon',
    );
  });
});

describe('IDs', () => {
  it('an ID out of its column range is BAD_USER_INPUT naming the argument, wherever it is', async () => {
    await expectRefused(
      () => app.gql('mutation { revokeApiToken(id: "99999999999999999999") { id } }', {}, admin),
      'BAD_USER_INPUT',
      'id',
    );
    await expectRefused(
      () => app.gql('mutation { updateOffice(id: "2147483648", name: "X") { id } }', {}, admin),
      'BAD_USER_INPUT',
      'id',
    );
    await expectRefused(
      () => app.gql('{ tickets(filter: { categoryIds: ["2147483648"] }) { totalCount } }'),
      'BAD_USER_INPUT',
      'categoryIds',
    );
    await expectRefused(
      () => app.gql('{ staffTicket(id: "9007199254740993") { id } }', {}, admin),
      'BAD_USER_INPUT',
      'id',
    );
  });

  it('malformed IDs are BAD_USER_INPUT; a well-formed ID of nothing is NOT_FOUND', async () => {
    for (const id of ['0', '-1', '1.5', '1e3', ' 7', '0x10', 'abc', '']) {
      await expectRefused(
        () => app.gql('query($id: ID!) { staffTicket(id: $id) { id } }', { id }, admin),
        'BAD_USER_INPUT',
        'id',
      );
    }
    await expectRefused(
      () => app.gql('mutation { revokeApiToken(id: "2147483647") { id } }', {}, admin),
      'NOT_FOUND',
    );
    expect((await app.gql('{ street(id: "2147483647") { id } }')).data).toEqual({ street: null });
  });
});
