// The planner queries over HTTP with the contract names, as the dashboard calls them: authorization
// codes, argument validation, and compressed ticketPoints.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';
import { startTestApp, type TestApp } from '../helpers/graphql.js';
import { createStaff } from '../helpers/staff-fixtures.js';
import { streetCount } from '../helpers/test-comune.js';
import { categoryIds, hours, insertTickets, offset } from './analytics-fixtures.js';

let db: TestDatabase;
let app: TestApp;
let planner: Record<string, string>;
let operator: Record<string, string>;

const CONTRACT = `query ($filter: TicketFilterInput) {
  duplicateClusters(filter: $filter, epsM: 30, minPoints: 2) { id count categoryId supportersTotal radiusM suggestedOriginal centroid hull tickets { code status ageDays } }
  streetStats(filter: $filter, orderBy: OPEN_DESC, first: 3) { totalCount edges { cursor node { street { id name } total open overdue ticketsPerKm } } pageInfo { hasNextPage endCursor } }
  heatmap(filter: $filter, cellM: 100) { id count openCount weight centre }
  ticketPoints(filter: $filter) { count positions categories statuses ageDays legend { index categoryId } }
  kpis(filter: $filter, groupBy: CATEGORY) { key label received resolved openBacklog medianAckHours p90ResolveHours resolvedWithinSlaShare reopenRate openAgeP50Days openAgeP90Days }
  timeSeries(filter: $filter, interval: WEEK) { start received resolved backlog }
}`;

beforeAll(async () => {
  db = await createTestDatabase();
  app = await startTestApp(db.services);
  const p = await createStaff(db, 'pianificatrice@seravezza.demo', 'planner');
  const o = await createStaff(db, 'operatore2@seravezza.demo', 'operator', ['lavori_pubblici']);
  planner = {
    authorization: `Bearer ${(await db.services.apiTokens.create(p, 'dash', ['analytics:read'], '127.0.0.1')).token}`,
  };
  operator = {
    authorization: `Bearer ${(await db.services.apiTokens.create(o, 'inbox', ['tickets:read'], '127.0.0.1')).token}`,
  };
  const cats = await categoryIds(db.pool, db.municipality.id);
  const streets = (
    await db.pool.query<{ id: number }>(
      'select id from street where municipality_id = $1 order by id limit 2',
      [db.municipality.id],
    )
  ).rows;
  await insertTickets(
    db.pool,
    db.municipality.id,
    Array.from({ length: 30 }, (_, i) => ({
      categoryId: cats[i % 2],
      streetId: streets[i % 2].id,
      at: offset((i % 10) * 5, Math.floor(i / 10) * 300),
      status: i % 3 === 0 ? ('resolved' as const) : ('received' as const),
      createdAt: hours(new Date(), -24 * i),
      acknowledgedAt: hours(new Date(), -24 * i + 2),
      resolvedAt: i % 3 === 0 ? hours(new Date(), -24 * i + 30) : null,
    })),
  );
});
afterAll(async () => {
  await app?.close();
  await db?.close();
});

describe('planner analytics over GraphQL', () => {
  it('answers every contract field for a planner token', async () => {
    const res = await app.gql<Record<string, unknown>>(CONTRACT, {}, planner);
    expect(res.errors).toBeUndefined();
    const data = res.data as {
      duplicateClusters: { count: number }[];
      streetStats: { totalCount: number; edges: { node: { open: number } }[] };
      heatmap: { count: number }[];
      ticketPoints: { count: number };
      kpis: { received: number }[];
      timeSeries: { received: number }[];
    };
    expect(data.duplicateClusters.length).toBeGreaterThan(0);
    expect(data.streetStats.totalCount).toBe(await streetCount(db));
    expect(data.streetStats.edges[0].node.open).toBe(10);
    expect(data.heatmap.reduce((s, c) => s + c.count, 0)).toBe(30);
    expect(data.ticketPoints.count).toBe(30);
    expect(data.kpis.reduce((s, k) => s + k.received, 0)).toBe(30);
    expect(data.timeSeries.reduce((s, k) => s + k.received, 0)).toBe(30);
  });

  it('answers UNAUTHENTICATED, FORBIDDEN and BAD_USER_INPUT with codes', async () => {
    const anon = await app.gql('{ kpis(groupBy: OFFICE) { received } }');
    expect(anon.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    const op = await app.gql('{ heatmap(cellM: 100) { count } }', {}, operator);
    expect(op.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const bad = await app.gql('{ heatmap(cellM: 1) { count } }', {}, planner);
    expect(bad.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('sends ticketPoints compressed when the client accepts it', async () => {
    for (const encoding of ['gzip', 'br']) {
      const response = await fetch(`${app.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'accept-encoding': encoding, ...planner },
        body: JSON.stringify({
          query:
            '{ ticketPoints { count positions categories statuses ageDays } heatmap(cellM: 20) { geometry } }',
        }), // > 1 kB
      });
      expect(response.headers.get('content-encoding')).toBe(encoding);
      expect(
        ((await response.json()) as { data: { ticketPoints: { count: number } } }).data.ticketPoints
          .count,
      ).toBe(30);
    }
  });
});
