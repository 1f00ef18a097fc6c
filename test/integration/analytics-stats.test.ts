// KPIs, time series and street statistics against the same definitions computed in the test, on a
// generated fixture with known timestamps; then again after phase changes, a reopen and a merge done
// through the workflow services.
import * as turf from '@turf/turf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';
import type { KpiRow } from '../../server/db/kpi.queries.js';
import type { TicketStatus } from '../../server/domain/ticket-status.js';
import { createStaff } from '../helpers/staff-fixtures.js';
import { streetCount } from '../helpers/test-comune.js';
import {
  categoryIds,
  hours,
  insertTickets,
  offset,
  percentileCont,
  PLANNER,
  prng,
  streetIds,
  type FixtureTicket,
  type Inserted,
} from './analytics-fixtures.js';

const NOW = new Date('2026-06-15T10:00:00Z');
const OPEN = ['received', 'acknowledged', 'in_progress'];
let db: TestDatabase;
let cats: number[];
let streets: number[];
let fixtures: (FixtureTicket & Inserted)[];

const romeMonth = (d: Date) =>
  new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Rome', year: 'numeric', month: '2-digit' })
    .format(d)
    .slice(0, 7);
/** Durations are measured in completed hours (segnala_hours_between); ages in fractional days. */
const h = (a: Date, b: Date) => Math.floor((b.getTime() - a.getTime()) / 3_600_000);
const days = (a: Date, b: Date) => (b.getTime() - a.getTime()) / 86_400_000;

function generate(rnd: () => number): FixtureTicket[] {
  const out: FixtureTicket[] = [];
  for (let i = 0; i < 60; i++) {
    const createdAt = i === 0 ? new Date('2026-03-31T22:30:00Z') : hours(NOW, -24 * 100 * rnd()); // i = 0: 1 April in Rome
    const fate = rnd();
    const ack = fate < 0.15 ? null : hours(createdAt, 1 + 40 * rnd());
    const status =
      fate < 0.15
        ? 'received'
        : fate < 0.35
          ? 'in_progress'
          : fate < 0.45
            ? 'rejected'
            : 'resolved';
    const resolvedAt = status === 'resolved' && ack ? hours(ack, 300 * rnd()) : null;
    const done = resolvedAt && resolvedAt > NOW ? null : resolvedAt;
    out.push({
      categoryId: cats[i % 3],
      streetId: streets[i % 4],
      at: offset(rnd() * 2000, rnd() * 2000),
      status: status === 'resolved' && !done ? 'in_progress' : status,
      createdAt,
      acknowledgedAt: ack && ack < NOW ? ack : null,
      resolvedAt: done,
      closedAt: status === 'rejected' && ack ? ack : done,
      dueAt: hours(createdAt, 150),
      reopenCount: rnd() < 0.2 ? 1 : 0,
      supporters: Math.floor(rnd() * 3),
    });
  }
  return out;
}

beforeAll(async () => {
  db = await createTestDatabase();
  cats = await categoryIds(db.pool, db.municipality.id);
  streets = await streetIds(db.pool, db.municipality.id, 5);
  const rnd = prng(7);
  const generated = generate(rnd);
  // A recurrence by construction on the fifth street, 5 km away from the rest: fixed, came back 10 days later 20 m away.
  const fixed = new Date('2026-02-01T08:00:00Z');
  const far = (dx: number) => offset(5000 + dx, 5000);
  generated.push(
    {
      categoryId: cats[0],
      streetId: streets[4],
      at: far(0),
      status: 'resolved',
      createdAt: hours(fixed, -48),
      acknowledgedAt: hours(fixed, -40),
      resolvedAt: fixed,
      closedAt: fixed,
    },
    {
      categoryId: cats[0],
      streetId: streets[4],
      at: far(20),
      status: 'received',
      createdAt: hours(fixed, 240),
    },
    {
      categoryId: cats[0],
      streetId: streets[4],
      at: far(-20),
      status: 'received',
      createdAt: hours(fixed, 24 * 100),
    },
    {
      categoryId: cats[1],
      streetId: streets[4],
      at: far(10),
      status: 'received',
      createdAt: hours(fixed, 24),
    },
    {
      categoryId: cats[0],
      streetId: streets[4],
      at: far(80),
      status: 'received',
      createdAt: hours(fixed, 24),
    },
  );
  for (const g of generated) g.dueAt ??= hours(g.createdAt, 150);
  const inserted = await insertTickets(db.pool, db.municipality.id, generated);
  fixtures = generated.map((f, i) => ({ ...f, ...inserted[i] }));
});
afterAll(async () => db?.close());

function expectedKpi(ts: typeof fixtures, now = NOW): Omit<KpiRow, 'key' | 'label'> {
  const resolved = ts.filter((t) => t.status === 'resolved');
  const open = ts.filter((t) => OPEN.includes(t.status!));
  const ack = ts.filter((t) => t.acknowledgedAt).map((t) => h(t.createdAt, t.acknowledgedAt!));
  const res = resolved.map((t) => h(t.createdAt, t.resolvedAt!));
  const ages = open.map((t) => days(t.createdAt, now));
  const everResolved = ts.filter((t) => t.status === 'resolved' || (t.reopenCount ?? 0) > 0);
  return {
    received: ts.length,
    resolved: resolved.length,
    open_backlog: open.length,
    overdue: open.filter((t) => t.dueAt! < now).length,
    ack: ack.length ? [percentileCont(ack, 0.5), percentileCont(ack, 0.9)] : null,
    resolve: res.length ? [percentileCont(res, 0.5), percentileCont(res, 0.9)] : null,
    open_age: ages.length ? [percentileCont(ages, 0.5), percentileCont(ages, 0.9)] : null,
    within_sla_share: resolved.length
      ? resolved.filter((t) => t.resolvedAt! <= t.dueAt!).length / resolved.length
      : null,
    reopen_rate: everResolved.length
      ? ts.filter((t) => (t.reopenCount ?? 0) > 0).length / everResolved.length
      : null,
    // These fixtures carry no ratings (resolution-feedback.test.ts checks the satisfaction columns).
    satisfaction_avg: null,
    satisfaction_count: 0,
  };
}

function compare(got: KpiRow, want: Omit<KpiRow, 'key' | 'label'>): void {
  expect({
    ...got,
    ack: null,
    resolve: null,
    open_age: null,
    within_sla_share: null,
    reopen_rate: null,
    key: undefined,
    label: undefined,
  }).toEqual({
    ...want,
    ack: null,
    resolve: null,
    open_age: null,
    within_sla_share: null,
    reopen_rate: null,
    key: undefined,
    label: undefined,
  });
  for (const k of ['ack', 'resolve', 'open_age'] as const) {
    if (want[k] === null) expect(got[k]).toBeNull();
    else want[k]!.forEach((v, i) => expect(got[k]![i]).toBeCloseTo(v!, 6));
  }
  for (const k of ['within_sla_share', 'reopen_rate'] as const) {
    if (want[k] === null) expect(got[k]).toBeNull();
    else expect(got[k]).toBeCloseTo(want[k]!, 9);
  }
}

async function checkKpis(on = db, ts = fixtures, now = NOW): Promise<void> {
  const byCategory = await on.services.analytics.kpis(PLANNER, {}, 'category', now);
  expect(byCategory.map((r) => Number(r.key)).sort()).toEqual(
    [...new Set(ts.map((f) => f.categoryId))].sort(),
  );
  for (const row of byCategory)
    compare(
      row,
      expectedKpi(
        ts.filter((f) => f.categoryId === Number(row.key)),
        now,
      ),
    );
  const byMonth = await on.services.analytics.kpis(
    PLANNER,
    { categoryIds: [cats[0], cats[1]] },
    'month',
    now,
  );
  const chosen = ts.filter((f) => f.categoryId === cats[0] || f.categoryId === cats[1]);
  expect(byMonth.map((r) => r.key)).toEqual(
    [...new Set(chosen.map((f) => romeMonth(f.createdAt)))].sort(),
  );
  for (const row of byMonth)
    compare(
      row,
      expectedKpi(
        chosen.filter((f) => romeMonth(f.createdAt) === row.key),
        now,
      ),
    );
}

describe('kpis', () => {
  it('match the definitions computed in the test, per category and per month (Rome time)', () =>
    checkKpis());

  // On a database of its own (the workflow stamps real times, so this world's "now" is the clock's),
  // leaving the fixture of the other tests as it was.
  it('still match after phase changes, a reopen and a merge done through the workflow', async () => {
    const own = await createTestDatabase();
    try {
      const admin = await createStaff(own, 'admin-kpi@example.org', 'admin');
      const start = new Date();
      const ago = (hoursAgo: number) => hours(start, -hoursAgo);
      const generated: FixtureTicket[] = [
        ...[300, 200, 150, 100, 30].map((a, i) => ({
          categoryId: cats[i % 2],
          at: offset(i * 100, 0),
          createdAt: ago(a),
        })),
        {
          categoryId: cats[0],
          at: offset(0, 300),
          status: 'resolved',
          createdAt: ago(400),
          acknowledgedAt: ago(390),
          resolvedAt: ago(380),
          closedAt: ago(380),
        },
      ];
      for (const g of generated) g.dueAt = hours(g.createdAt, 150);
      const inserted = await insertTickets(own.pool, own.municipality.id, generated);
      const ts = generated.map((f, i) => ({ ...f, ...inserted[i] }));
      const [a, b, c, d, , r] = ts;

      const flow = own.services.workflow;
      const acked = await flow.changePhase(admin, 'acknowledgeTicket', { id: a.id, version: 1 });
      await flow.changePhase(admin, 'resolveTicket', {
        id: a.id,
        version: acked.version,
        note: 'Riparata',
      });
      await own.services.duplicates.markDuplicate(admin, {
        id: b.id,
        version: 1,
        originalId: c.id,
      });
      await flow.changePhase(admin, 'reopenTicket', { id: r.id, version: 1, note: 'Di nuovo' });
      await flow.changePhase(admin, 'rejectTicket', {
        id: d.id,
        version: 1,
        reason: 'not_a_fault',
        note: 'Non è un guasto',
      });
      const end = new Date();

      // What the workflow wrote, checked, then taken as the state the definitions are computed on.
      const { rows } = await own.pool.query<{
        id: number;
        status: TicketStatus;
        acknowledged_at: Date | null;
        resolved_at: Date | null;
        closed_at: Date | null;
        reopen_count: number;
      }>(
        'select id, status, acknowledged_at, resolved_at, closed_at, reopen_count from ticket where id = any($1)',
        [ts.map((t) => t.id)],
      );
      const row = new Map(rows.map((x) => [x.id, x]));
      const during = (t: Date | null) => t !== null && t >= start && t <= end;
      expect(row.get(a.id)).toMatchObject({ status: 'resolved', reopen_count: 0 });
      expect(during(row.get(a.id)!.acknowledged_at)).toBe(true);
      expect(during(row.get(a.id)!.resolved_at) && during(row.get(a.id)!.closed_at)).toBe(true);
      expect(row.get(b.id)!.status).toBe('duplicate');
      expect(during(row.get(b.id)!.closed_at)).toBe(true);
      expect(row.get(r.id)).toMatchObject({ status: 'in_progress', reopen_count: 1 });
      expect(row.get(d.id)!.status).toBe('rejected');
      for (const t of ts) {
        const x = row.get(t.id)!;
        Object.assign(t, {
          status: x.status,
          acknowledgedAt: x.acknowledged_at,
          resolvedAt: x.resolved_at,
          closedAt: x.closed_at,
          reopenCount: x.reopen_count,
        });
      }
      await checkKpis(own, ts, new Date());
    } finally {
      await own.close();
    }
  });
});

describe('timeSeries', () => {
  it('counts received, resolved and closed per month, and the backlog as received minus closed so far', async () => {
    const rows = await db.services.analytics.timeSeries(PLANNER, {}, 'month', NOW);
    const closedAt = (f: (typeof fixtures)[number]) =>
      f.status === 'resolved'
        ? f.resolvedAt
        : f.status === 'rejected' || f.status === 'duplicate'
          ? f.closedAt
          : null;
    let backlog = 0;
    const months = rows.map((r) => romeMonth(r.start));
    expect(months[0]).toBe(
      romeMonth(new Date(Math.min(...fixtures.map((f) => f.createdAt.getTime())))),
    );
    expect(months.at(-1)).toBe(romeMonth(NOW));
    for (const row of rows) {
      const m = romeMonth(row.start);
      const received = fixtures.filter((f) => romeMonth(f.createdAt) === m).length;
      const closed = fixtures.filter((f) => closedAt(f) && romeMonth(closedAt(f)!) === m).length;
      backlog += received - closed;
      expect(row).toMatchObject({
        received,
        closed,
        backlog,
        resolved: fixtures.filter((f) => f.status === 'resolved' && romeMonth(f.resolvedAt!) === m)
          .length,
      });
    }
    expect(rows.reduce((s, r) => s + r.received, 0)).toBe(fixtures.length);
  });
});

describe('streetStats', () => {
  it('orders streets by open tickets and gives each measure as computed in the test', async () => {
    const page = await db.services.analytics.streetStats(
      PLANNER,
      {},
      'open',
      5,
      null,
      { radiusM: 50, days: 90 },
      undefined,
      NOW,
    );
    // Every street of the comune.
    expect(page.totalCount).toBe(await streetCount(db));
    const openOf = (id: number) =>
      fixtures.filter((f) => f.streetId === id && OPEN.includes(f.status!)).length;
    expect(page.nodes.map((n) => n.open)).toEqual(page.nodes.map((n) => openOf(n.street.id)));
    expect([...page.nodes.map((n) => n.open)]).toEqual(
      [...page.nodes.map((n) => n.open)].sort((a, b) => b - a),
    );
    for (const node of page.nodes) {
      const ts = fixtures.filter((f) => f.streetId === node.street.id);
      const res = ts
        .filter((t) => t.status === 'resolved')
        .map((t) => h(t.createdAt, t.resolvedAt!));
      expect(node.total).toBe(ts.length);
      expect(node.overdue).toBe(
        ts.filter((t) => OPEN.includes(t.status!) && t.dueAt! < NOW).length,
      );
      expect(node.ticketsPerKm).toBeCloseTo(ts.length / (node.street.length_m / 1000), 9);
      expect(node.medianResolveHours ?? null).toBeCloseTo(percentileCont(res, 0.5) ?? NaN, 6);
      expect(node.p90ResolveHours ?? null).toBeCloseTo(percentileCont(res, 0.9) ?? NaN, 6);
      const perCat = new Map<number, number>();
      for (const t of ts) perCat.set(t.categoryId, (perCat.get(t.categoryId) ?? 0) + 1);
      expect(node.byCategory.map((c) => [c.categoryId, c.count]).sort()).toEqual(
        [...perCat.entries()].sort(),
      );
      const recurrence = ts.filter((t2) =>
        fixtures.some(
          (t1) =>
            t1.id !== t2.id &&
            t1.categoryId === t2.categoryId &&
            t1.status === 'resolved' &&
            t1.resolvedAt! <= t2.createdAt &&
            t1.resolvedAt!.getTime() > t2.createdAt.getTime() - 90 * 86_400_000 &&
            turf.distance(t1.at, t2.at, { units: 'meters' }) <= 50,
        ),
      ).length;
      expect(node.recurrence).toBe(recurrence);
    }
  });

  it('counts the constructed recurrence once and orders by it; pages with a cursor', async () => {
    const page = await db.services.analytics.streetStats(
      PLANNER,
      { streetIds: [streets[4]] },
      'recurrence',
      1,
      null,
      { radiusM: 50, days: 90 },
      undefined,
      NOW,
    );
    expect(page.nodes[0]).toMatchObject({ street: { id: streets[4] }, total: 5, recurrence: 1 });
    const first = await db.services.analytics.streetStats(
      PLANNER,
      {},
      'total',
      2,
      null,
      undefined,
      undefined,
      NOW,
    );
    const next = await db.services.analytics.streetStats(
      PLANNER,
      {},
      'total',
      2,
      first.cursors.at(-1) ?? null,
      undefined,
      undefined,
      NOW,
    );
    const both = await db.services.analytics.streetStats(
      PLANNER,
      {},
      'total',
      4,
      null,
      undefined,
      undefined,
      NOW,
    );
    expect([...first.nodes, ...next.nodes].map((n) => n.street.id)).toEqual(
      both.nodes.map((n) => n.street.id),
    );
    expect(first.hasNextPage).toBe(true);
  });
});
