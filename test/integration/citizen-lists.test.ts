// The public lists: tickets (cursor pages, newest first, filters) and a street's active reports.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  categoryId,
  reportInput,
  streetPoint,
  submit,
  type StreetPoint,
} from '../helpers/citizen.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';
import { errorCode, startTestApp, type TestApp } from '../helpers/graphql.js';

interface Page {
  tickets: {
    totalCount: number;
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
    edges: { cursor: string; node: { code: string; title: string } }[];
  };
}

const TICKETS = `query($filter: TicketFilterInput, $first: Int, $after: String) {
  tickets(filter: $filter, first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node { code title } } } }`;

describe('public ticket lists', () => {
  let db: TestDatabase;
  let app: TestApp;
  let a: StreetPoint;
  let b: StreetPoint;
  const codes: string[] = [];

  beforeAll(async () => {
    db = await createTestDatabase({
      RATE_REPORTS_PER_HOUR_ADDRESS: '0',
      RATE_REPORTS_PER_HOUR_EMAIL: '0',
    });
    app = await startTestApp(db.services);
    a = await streetPoint(db, 20);
    b = await streetPoint(db, 40);
    const pothole = await categoryId(db, 'buca_stradale');
    const light = await categoryId(db, 'illuminazione_pubblica');
    for (let i = 0; i < 5; i++) {
      const r = await submit(
        app,
        reportInput(i < 3 ? pothole : light, i % 2 ? b : a, {
          title: i === 4 ? 'Lampione spento in città' : `Segnalazione ${i}`,
        }),
      );
      codes.push(r.data!.submitReport.ticket.code);
    }
    await db.pool.query(
      `update ticket set status = 'resolved', resolved_at = now() where code = $1`,
      [codes[0]],
    );
  });

  afterAll(async () => {
    await app?.close();
    await db?.close();
  });

  it('pages newest first with cursors and a total', async () => {
    const seen: string[] = [];
    let after: string | null = null;
    for (;;) {
      const r: Awaited<ReturnType<typeof app.gql<Page>>> = await app.gql<Page>(TICKETS, {
        first: 2,
        after,
      });
      expect(r.data!.tickets.totalCount).toBe(5);
      seen.push(...r.data!.tickets.edges.map((e) => e.node.code));
      if (!r.data!.tickets.pageInfo.hasNextPage) break;
      after = r.data!.tickets.pageInfo.endCursor;
    }
    expect(seen).toEqual([...codes].reverse());
  });

  it('filters by status, category, street, text (accent-insensitive) and code', async () => {
    const q = async (filter: Record<string, unknown>) =>
      (await app.gql<Page>(TICKETS, { filter })).data!.tickets.edges.map((e) => e.node.code).sort();
    expect(await q({ statuses: ['RESOLVED'] })).toEqual([codes[0]]);
    expect(await q({ categoryIds: [await categoryId(db, 'illuminazione_pubblica')] })).toEqual(
      [codes[3], codes[4]].sort(),
    );
    expect(await q({ streetIds: [String(b.streetId)] })).toEqual([codes[1], codes[3]].sort());
    expect(await q({ text: 'CITTA' })).toEqual([codes[4]]);
    expect(await q({ text: codes[2].toLowerCase() })).toEqual([codes[2]]);
  });

  it('refuses a page larger than 100 and a forged cursor', async () => {
    expect(errorCode(await app.gql(TICKETS, { first: 101 }))).toBe('BAD_USER_INPUT');
    expect(errorCode(await app.gql(TICKETS, { after: 'bm9wZQ' }))).toBe('INVALID_CURSOR');
  });

  it('ticketMarkers puts every matching report on the map, newest first, and says when it sent fewer', async () => {
    type Markers = {
      ticketMarkers: {
        totalCount: number;
        truncated: boolean;
        markers: { code: string; status: string; lon: number; lat: number }[];
      };
    };
    const MARKERS =
      'query($filter: TicketFilterInput, $limit: Int) { ticketMarkers(filter: $filter, limit: $limit) { totalCount truncated markers { code status lon lat } } }';
    const all = (await app.gql<Markers>(MARKERS, {})).data!.ticketMarkers;
    expect(all).toMatchObject({ totalCount: 5, truncated: false });
    expect(all.markers.map((m) => m.code)).toEqual([...codes].reverse());
    const first = all.markers.find((m) => m.code === codes[0])!;
    expect(first.status).toBe('RESOLVED');
    expect([first.lon, first.lat]).toEqual([expect.closeTo(a.lon, 6), expect.closeTo(a.lat, 6)]);

    const some = (await app.gql<Markers>(MARKERS, { limit: 2 })).data!.ticketMarkers;
    expect(some).toMatchObject({ totalCount: 5, truncated: true });
    expect(some.markers.map((m) => m.code)).toEqual([codes[4], codes[3]]);
    const open = (await app.gql<Markers>(MARKERS, { filter: { statuses: ['RECEIVED'] } })).data!
      .ticketMarkers;
    expect(open.markers.map((m) => m.code).sort()).toEqual(codes.slice(1).sort());
    expect(errorCode(await app.gql(MARKERS, { limit: 0 }))).toBe('BAD_USER_INPUT');
    expect(errorCode(await app.gql(MARKERS, { limit: 5001 }))).toBe('BAD_USER_INPUT');
  });

  it('street(id) shows its active reports and counts', async () => {
    const r = await app.gql<{
      street: {
        name: string;
        ticketCounts: Record<string, number>;
        activeTickets: { totalCount: number; edges: { node: { code: string } }[] };
      };
    }>(
      `query($id: ID!) { street(id: $id) { name ticketCounts { active resolved total } activeTickets(first: 10) { totalCount edges { node { code } } } } }`,
      { id: String(a.streetId) },
    );
    expect(r.data?.street.name).toBe(a.streetName);
    expect(r.data?.street.ticketCounts).toEqual({ active: 2, resolved: 1, total: 3 });
    expect(r.data?.street.activeTickets.edges.map((e) => e.node.code)).toEqual([
      codes[4],
      codes[2],
    ]);
    expect(
      (await app.gql<{ street: null }>(`{ street(id: "999999") { name } }`)).data?.street,
    ).toBeNull();
  });
});
