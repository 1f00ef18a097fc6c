// Map analytics against independent computations: DBSCAN clusters rebuilt by hand with turf distances,
// heat cells checked point by point, packed points decoded back.
import * as turf from '@turf/turf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';
import { unpackPoints } from '../../server/domain/ticket-points.js';
import { createStaff } from '../helpers/staff-fixtures.js';
import {
  categoryIds,
  hours,
  insertTickets,
  offset,
  OPERATOR,
  PLANNER,
  prng,
  type FixtureTicket,
  type Inserted,
} from './analytics-fixtures.js';

const NOW = new Date('2026-06-15T10:00:00Z');
const EPS = 30;

let db: TestDatabase;
let cats: number[];
let fixtures: FixtureTicket[];
let inserted: Inserted[];

/** Points spread over 400 × 400 m, with no pair of the same category within 0.5 m of the eps boundary. */
function generate(seed: number): FixtureTicket[] {
  const rnd = prng(seed);
  const out: FixtureTicket[] = [];
  const statuses = ['received', 'acknowledged', 'in_progress', 'resolved', 'rejected'] as const;
  for (let i = 0; i < 70; i++) {
    const status = i < 55 ? statuses[i % 3] : statuses[3 + (i % 2)];
    const createdAt = hours(NOW, -24 * (1 + Math.floor(rnd() * 60)));
    out.push({
      categoryId: cats[i % 2],
      at: offset(rnd() * 400, rnd() * 400),
      status,
      createdAt,
      resolvedAt: status === 'resolved' ? hours(createdAt, 5) : null,
      closedAt: status === 'rejected' ? hours(createdAt, 5) : null,
      supporters: Math.floor(rnd() * 4),
    });
  }
  return out;
}

function ambiguous(ts: FixtureTicket[]): boolean {
  return ts.some((a, i) =>
    ts.some(
      (b, j) =>
        j > i &&
        a.categoryId === b.categoryId &&
        Math.abs(turf.distance(a.at, b.at, { units: 'meters' }) - EPS) < 0.5,
    ),
  );
}

beforeAll(async () => {
  db = await createTestDatabase();
  cats = await categoryIds(db.pool, db.municipality.id);
  let seed = 1;
  do fixtures = generate(seed++);
  while (ambiguous(fixtures));
  inserted = await insertTickets(db.pool, db.municipality.id, fixtures);
});
afterAll(async () => db?.close());

interface OracleTicket {
  code: string;
  categoryId: number;
  at: [number, number];
  status?: string;
}

/** DBSCAN with minPoints 2 = connected components of the "within eps" graph, per category, open tickets only. */
function handClusters(
  tickets: OracleTicket[] = fixtures.map((f, i) => ({ ...f, code: inserted[i].code })),
): Set<string>[] {
  const open = tickets.filter((f) =>
    ['received', 'acknowledged', 'in_progress'].includes(f.status!),
  );
  const seen = new Set<number>();
  const clusters: Set<string>[] = [];
  open.forEach((start, s) => {
    if (seen.has(s)) return;
    const members = new Set<number>([s]);
    const queue = [s];
    while (queue.length) {
      const a = open[queue.pop()!];
      open.forEach((b, j) => {
        if (
          !members.has(j) &&
          b.categoryId === a.categoryId &&
          turf.distance(a.at, b.at, { units: 'meters' }) <= EPS
        ) {
          members.add(j);
          queue.push(j);
        }
      });
    }
    members.forEach((m) => seen.add(m));
    if (members.size >= 2) clusters.push(new Set([...members].map((m) => open[m].code)));
  });
  return clusters;
}

const sortedSets = (sets: Set<string>[]) => sets.map((s) => [...s].sort().join()).sort();

describe('duplicateClusters', () => {
  it('finds exactly the clusters built by hand with turf distances', async () => {
    const rows = await db.services.analytics.duplicateClusters(
      PLANNER,
      {},
      { epsM: EPS, minPoints: 2 },
      NOW,
    );
    const expected = handClusters();
    expect(expected.length).toBeGreaterThan(2);
    const got = rows.map((r) => new Set(r.tickets.map((t) => t.code)));
    expect(got.map((s) => [...s].sort().join()).sort()).toEqual(
      expected.map((s) => [...s].sort().join()).sort(),
    );
    for (const row of rows) {
      const members = fixtures
        .map((f, i) => ({ ...f, ...inserted[i] }))
        .filter((f) => row.tickets.some((t) => t.code === f.code));
      expect(row.count).toBe(members.length);
      expect(row.supporters_total).toBe(members.reduce((s, m) => s + (m.supporters ?? 0), 0));
      const best = [...members].sort(
        (a, b) =>
          (b.supporters ?? 0) - (a.supporters ?? 0) ||
          a.createdAt.getTime() - b.createdAt.getTime() ||
          a.id - b.id,
      )[0];
      expect(row.suggested_original).toBe(best.code);
      const centroid = JSON.parse(row.centroid) as { coordinates: [number, number] };
      const far = Math.max(
        ...members.map((m) => turf.distance(centroid.coordinates, m.at, { units: 'meters' })),
      );
      expect(row.radius_m).toBeCloseTo(far, 0);
      for (const t of row.tickets)
        expect(t.ageDays).toBeCloseTo(
          (NOW.getTime() - members.find((m) => m.code === t.code)!.createdAt.getTime()) /
            86_400_000,
          6,
        );
    }
  });

  // On a database of its own, so that the fixture the other tests compare with stays as generated.
  it('follows phase changes and merges done through the workflow: a resolved or merged ticket leaves its cluster', async () => {
    const own = await createTestDatabase();
    try {
      const admin = await createStaff(own, 'admin-map@example.org', 'admin');
      // A chain of four 10 m apart and a pair 500 m away, all open, of one category.
      const tickets: FixtureTicket[] = [
        ...[0, 10, 20, 30].map((dx) => offset(dx, 0)),
        ...[0, 10].map((dx) => offset(500 + dx, 500)),
      ].map((at) => ({ categoryId: cats[0], at, status: 'received', createdAt: hours(NOW, -48) }));
      const ids = await insertTickets(own.pool, own.municipality.id, tickets);
      const world: (OracleTicket & { id: number })[] = tickets.map((t, i) => ({ ...t, ...ids[i] }));
      const clusters = () =>
        own.services.analytics.duplicateClusters(PLANNER, {}, { epsM: EPS, minPoints: 2 }, NOW);
      const before = await clusters();
      expect(sortedSets(before.map((c) => new Set(c.tickets.map((t) => t.code))))).toEqual(
        sortedSets(handClusters(world)),
      );
      expect(before.map((c) => c.count).sort()).toEqual([2, 4]);

      const [first, second, third, , pairA] = world;
      // The pair loses one to a resolution; the chain loses its middle to a merge into its first.
      await own.services.workflow.changePhase(admin, 'resolveTicket', {
        id: pairA.id,
        version: 1,
        note: 'Sistemato',
      });
      await own.services.duplicates.markDuplicate(admin, {
        id: third.id,
        version: 1,
        originalId: first.id,
      });
      pairA.status = 'resolved';
      third.status = 'duplicate';

      const after = await clusters();
      expect(sortedSets(after.map((c) => new Set(c.tickets.map((t) => t.code))))).toEqual(
        sortedSets(handClusters(world)),
      );
      expect(after).toHaveLength(1);
      // Without the merged one the chain still holds (10 m, then 20 m ≤ eps); its reporter now
      // follows the original, and the cluster's supporters say so.
      expect(after[0].tickets.map((t) => t.code).sort()).toEqual(
        [first.code, second.code, world[3].code].sort(),
      );
      expect(after[0].supporters_total).toBe(1);
    } finally {
      await own.close();
    }
  });

  it('is for planners and admins only', async () => {
    await expect(db.services.analytics.duplicateClusters(null, {}, {})).rejects.toMatchObject({
      code: 'UNAUTHENTICATED',
    });
    await expect(db.services.analytics.duplicateClusters(OPERATOR, {}, {})).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    await expect(
      db.services.analytics.duplicateClusters({ ...PLANNER, scopes: ['write'] }, {}, {}),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });
});

describe('heatmap', () => {
  it('puts every filtered ticket in exactly one returned hexagon, with the counts a point-in-polygon check gives', async () => {
    const filter = { categoryIds: [cats[0]] };
    const cells = await db.services.analytics.heatmap(PLANNER, filter, 50, NOW);
    const chosen = fixtures.filter((f) => f.categoryId === cats[0]);
    expect(cells.reduce((s, c) => s + c.count, 0)).toBe(chosen.length);
    expect(cells.every((c) => c.count > 0)).toBe(true);
    for (const cell of cells) {
      const polygon = turf.feature(JSON.parse(cell.geometry) as GeoJSON.Polygon);
      const inside = chosen.filter((f) => turf.booleanPointInPolygon(f.at, polygon));
      expect(inside.length).toBe(cell.count);
      expect(
        inside.filter((f) => ['received', 'acknowledged', 'in_progress'].includes(f.status!))
          .length,
      ).toBe(cell.open_count);
    }
  });

  it('uses the cells of ST_HexagonGrid in the local SRID', async () => {
    const cells = await db.services.analytics.heatmap(PLANNER, {}, 100, NOW);
    const { rows } = await db.pool.query<{ i: number; j: number; geometry: string }>(
      `select i, j, st_asgeojson(st_transform(geom, 4326), 7) as geometry
       from st_hexagongrid(100, st_transform(st_expand(st_setsrid(st_makepoint($1, $2), 4326), 0.02), $3::int))`,
      [...offset(200, 200), db.municipality.local_srid],
    );
    const grid = new Map(rows.map((r) => [`${r.i},${r.j}`, r.geometry]));
    for (const cell of cells) expect(grid.get(`${cell.i},${cell.j}`)).toBe(cell.geometry);
    expect(cells.reduce((s, c) => s + c.count, 0)).toBe(fixtures.length);
  });
});

describe('ticketPoints', () => {
  it('decodes back to the filtered tickets', async () => {
    const packed = await db.services.analytics.ticketPoints(
      PLANNER,
      { statuses: ['received', 'resolved'] },
      NOW,
    );
    const expected = fixtures
      .map((f, i) => ({ ...f, ...inserted[i] }))
      .filter((f) => f.status === 'received' || f.status === 'resolved')
      .sort((a, b) => a.id - b.id);
    expect(packed.count).toBe(expected.length);
    const points = unpackPoints(packed);
    // Entry i of every array is one ticket (order unspecified): find it by its position, then check the rest.
    const matched = new Set<number>();
    for (let i = 0; i < packed.count; i++) {
      const f = expected.find(
        (e) =>
          Math.abs(e.at[0] - points.positions[2 * i]) < 1e-5 &&
          Math.abs(e.at[1] - points.positions[2 * i + 1]) < 1e-5,
      );
      expect(f).toBeDefined();
      matched.add(f!.id);
      expect(packed.legend[points.categories[i]].categoryId).toBe(f!.categoryId);
      expect(points.statuses[i]).toBe(f!.status);
      expect(points.ageDays[i]).toBe(
        Math.floor((NOW.getTime() - f!.createdAt.getTime()) / 86_400_000),
      );
    }
    expect(matched.size).toBe(expected.length);
  });
});
