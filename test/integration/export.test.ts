// GET /export/tickets.csv and .geojson over HTTP with real credentials: same filter as GraphQL, streamed,
// planners/admins only, reporter e-mails only for an admin who asks, and then audited.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCsv } from '../helpers/csv.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';
import { startTestApp, type TestApp } from '../helpers/graphql.js';
import { createStaff } from '../helpers/staff-fixtures.js';
import { categoryIds, hours, insertTickets, offset, type Inserted } from './analytics-fixtures.js';

let db: TestDatabase;
let app: TestApp;
let tokens: Record<'planner' | 'admin' | 'fullAdmin' | 'operator' | 'plannerNoScope', string>;
let tickets: Inserted[];
let cats: number[];
const NOW = new Date();

async function get(path: string, token?: string) {
  const response = await fetch(`${app.url}${path}`, {
    headers: token ? { authorization: `Bearer ${token}` } : {},
  });
  return {
    status: response.status,
    type: response.headers.get('content-type'),
    text: await response.text(),
  };
}

beforeAll(async () => {
  db = await createTestDatabase();
  app = await startTestApp(db.services);
  cats = await categoryIds(db.pool, db.municipality.id);
  const planner = await createStaff(db, 'pianificatore@seravezza.demo', 'planner');
  const admin = await createStaff(db, 'amministratore@seravezza.demo', 'admin');
  const operator = await createStaff(db, 'operatore@seravezza.demo', 'operator', [
    'lavori_pubblici',
  ]);
  const token = async (v: typeof planner, scopes: string[]) =>
    (await db.services.apiTokens.create(v, 'export test', scopes, '127.0.0.1')).token;
  tokens = {
    planner: await token(planner, ['analytics:read']),
    plannerNoScope: await token(planner, ['tickets:read']),
    admin: await token(admin, ['analytics:read']),
    fullAdmin: await token(admin, ['analytics:read', 'admin']),
    operator: await token(operator, ['tickets:read']),
  };
  tickets = await insertTickets(
    db.pool,
    db.municipality.id,
    Array.from({ length: 25 }, (_, i) => ({
      categoryId: cats[i % 2],
      at: offset(i * 10, 0),
      status: i % 5 === 0 ? ('resolved' as const) : ('received' as const),
      createdAt: hours(NOW, -i),
      resolvedAt: i % 5 === 0 ? hours(NOW, -i + 1) : null,
      email: `segreto${i}@example.org`,
    })),
  );
  await db.pool.query(`update ticket set title = $2 where id = $1`, [
    tickets[1].id,
    '=HYPERLINK("x"), "quoted"\nline',
  ]);
});
afterAll(async () => {
  await app?.close();
  await db?.close();
});

describe('GET /export/tickets.csv', () => {
  it('streams every matching ticket without reporter e-mails for a planner token', async () => {
    const res = await get(
      `/export/tickets.csv?statuses=RECEIVED&categoryIds=${cats[0]}`,
      tokens.planner,
    );
    expect(res.status).toBe(200);
    expect(res.type).toContain('text/csv');
    const [header, ...rows] = parseCsv(res.text);
    expect(header).not.toContain('reporter_email');
    expect(res.text).not.toContain('@example.org');
    const expected = tickets.filter((_, i) => i % 2 === 0 && i % 5 !== 0).map((t) => t.code);
    expect(rows.map((r) => r[header.indexOf('code')]).sort()).toEqual(expected.sort());
  });

  it('quotes commas, quotes and newlines and neutralises formulas', async () => {
    const res = await get(
      `/export/tickets.csv?text=${encodeURIComponent(tickets[1].code)}`,
      tokens.planner,
    );
    const [header, row] = parseCsv(res.text);
    expect(row[header.indexOf('title')]).toBe(`'=HYPERLINK("x"), "quoted"\nline`);
  });

  it('refuses anonymous callers, operators, tokens without analytics:read and planners asking for e-mails', async () => {
    expect((await get('/export/tickets.csv')).status).toBe(401);
    expect((await get('/export/tickets.csv', tokens.operator)).status).toBe(403);
    expect((await get('/export/tickets.csv', tokens.plannerNoScope)).status).toBe(403);
    expect((await get('/export/tickets.csv?includeReporter=true', tokens.planner)).status).toBe(
      403,
    );
    const bad = await get('/export/tickets.csv?bbox=1,2,3', tokens.planner);
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.text)).toMatchObject({
      error: { code: 'BAD_USER_INPUT', field: 'bbox' },
    });
  });

  it('includes reporter e-mails only for an admin who opts in, and writes the audit log', async () => {
    const plain = await get('/export/tickets.csv', tokens.admin);
    expect(plain.text).not.toContain('@example.org');
    // An admin's token limited to analytics (a BI tool, say) never gets the contacts.
    expect((await get('/export/tickets.csv?includeReporter=true', tokens.admin)).status).toBe(403);
    // An anonymised reporter stays anonymous in the export.
    await db.pool.query(
      `update reporter set anonymised_at = now() where municipality_id = $1 and ticket_id = $2`,
      [db.municipality.id, tickets[4].id],
    );
    const res = await get('/export/tickets.csv?includeReporter=true', tokens.fullAdmin);
    expect(res.status).toBe(200);
    const [header, ...rows] = parseCsv(res.text);
    expect(rows).toHaveLength(tickets.length);
    const emails = rows.map((r) => r[header.indexOf('reporter_email')]);
    expect(emails).toContain('segreto3@example.org');
    expect(emails).not.toContain('segreto4@example.org');
    const { rows: audit } = await db.pool.query<{
      action: string;
      details: { includeReporter: boolean };
    }>(
      `select action, details from audit_log where municipality_id = $1 and action like 'export.%' order by id`,
      [db.municipality.id],
    );
    expect(audit.map((a) => a.action)).toEqual(
      expect.arrayContaining(['export.tickets', 'export.tickets.reporter']),
    );
    expect(audit.find((a) => a.action === 'export.tickets.reporter')?.details.includeReporter).toBe(
      true,
    );
  });
});

describe('GET /export/tickets.geojson', () => {
  it('is a FeatureCollection of points with the same filter', async () => {
    const res = await get(`/export/tickets.geojson?statuses=resolved`, tokens.planner);
    expect(res.status).toBe(200);
    const body = JSON.parse(res.text) as {
      type: string;
      features: { geometry: { coordinates: number[] }; properties: Record<string, unknown> }[];
    };
    expect(body.type).toBe('FeatureCollection');
    expect(body.features.map((f) => f.properties.code).sort()).toEqual(
      tickets
        .filter((_, i) => i % 5 === 0)
        .map((t) => t.code)
        .sort(),
    );
    const first = body.features.find((f) => f.properties.code === tickets[0].code)!;
    expect(first.geometry.coordinates[0]).toBeCloseTo(offset(0, 0)[0], 6);
    expect(res.text).not.toContain('@example.org');
  });
});

describe('every parameter is checked before the first byte', () => {
  const open = JSON.stringify({
    type: 'Polygon',
    coordinates: [
      [
        [10, 43],
        [11, 43],
        [11, 44],
      ],
    ],
  });
  const noLatitude = JSON.stringify({
    type: 'Polygon',
    coordinates: [[[10, 43], [11], [11, 44], [10, 43]]],
  });
  it.each([
    ['categoryIds=99999999999999999999', 'categoryIds'],
    ['streetIds=1e300', 'streetIds'],
    ['officeIds=2147483648', 'officeIds'],
    ['categoryIds=0x10', 'categoryIds'],
    ['createdFrom=%2B275760-09-13T00:00:00Z', 'createdFrom'],
    ['createdTo=2024-13-45', 'createdTo'],
    ['text=ab%00cd', 'text'],
    [`polygon=${encodeURIComponent(open)}`, 'polygon'],
    [`polygon=${encodeURIComponent(noLatitude)}`, 'polygon'],
    ['bbox=10,,43,11,44', 'bbox'],
    ['includeReporter=yes', 'includeReporter'],
    ['categoryId=1', 'categoryId'],
    ['statuses=OPEN', 'statuses'],
  ])('%s → 400 BAD_USER_INPUT naming %s, and no CSV', async (query, field) => {
    for (const format of ['csv', 'geojson']) {
      const res = await get(`/export/tickets.${format}?${query}`, tokens.planner);
      expect({ status: res.status, type: res.type }).toEqual({
        status: 400,
        type: expect.stringContaining('application/json'),
      });
      expect(JSON.parse(res.text)).toEqual({
        error: { code: 'BAD_USER_INPUT', field, message: expect.stringMatching(/\w{4,}/) },
      });
    }
  });

  it('a closed polygon around the tickets exports them all', async () => {
    const [lon, lat] = offset(0, 0);
    const square = {
      type: 'Polygon',
      coordinates: [
        [
          [lon - 0.1, lat - 0.1],
          [lon + 0.1, lat - 0.1],
          [lon + 0.1, lat + 0.1],
          [lon - 0.1, lat + 0.1],
          [lon - 0.1, lat - 0.1],
        ],
      ],
    };
    const res = await get(
      `/export/tickets.csv?polygon=${encodeURIComponent(JSON.stringify(square))}`,
      tokens.planner,
    );
    expect(res.status).toBe(200);
    expect(parseCsv(res.text)).toHaveLength(tickets.length + 1);
  });

  it('GraphQL refuses the same filter values with BAD_USER_INPUT, not an internal error', async () => {
    for (const [filter, field] of [
      [{ categoryIds: ['99999999999999999999'] }, 'categoryIds'],
      [{ streetIds: ['1e300'] }, 'streetIds'],
      [{ text: 'ab\u0000cd' }, 'text'],
      [{ polygon: JSON.parse(open) as object }, 'polygon'],
    ] as const) {
      const result = await app.gql(
        'query($f: TicketFilterInput) { tickets(filter: $f) { totalCount } }',
        {
          f: filter,
        },
      );
      expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    }
  });
});
