// The precomputed aggregates (sql/033: ticket_kpi_rollup, ticket_duration_rollup, ticket_heat_rollup) give
// exactly the figures computed from the tickets, after every kind of write: bulk inserts, a citizen's
// report, "mi associo", every phase change, a reassignment, a merge, a delete, compaction and a rebuild.
import { backfillPublicText } from '../../server/db/public-text.queries.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { heatmapCells, type AnalyticsScope } from '../../server/db/analytics.queries.js';
import { analyticsDb, HASH_AGGREGATE_SETTINGS } from '../../server/db/analytics-session.js';
import { kpiRows, type KpiGroup } from '../../server/db/kpi.queries.js';
import type { Queryable } from '../../server/db/pool.js';
import { countTickets } from '../../server/db/ticket.queries.js';
import { startRollupCompactor } from '../../server/db/rollup-compactor.js';
import { compactRollups } from '../../server/db/rollup.sql.js';
import type { TicketFilter } from '../../server/domain/ticket-filter.js';
import type { Viewer } from '../../server/domain/viewer.js';
import { joinConfirmed } from '../helpers/confirmation.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';
import { categoryId, reportInput, streetPoint } from '../helpers/citizen.js';
import { createStaff, officeId } from '../helpers/staff-fixtures.js';
import {
  categoryIds,
  hours,
  insertTickets,
  offset,
  prng,
  type FixtureTicket,
} from './analytics-fixtures.js';

const NOW = new Date('2026-06-15T10:00:00Z');
let db: TestDatabase;
let cats: number[];
let admin: Viewer;

const FILTERS: TicketFilter[] = [
  {},
  { statuses: ['received', 'acknowledged', 'in_progress'] },
  { statuses: ['resolved'] },
  { categoryIds: [] }, // filled in beforeAll
  { officeIds: [] },
];

function generate(rnd: () => number, n: number): FixtureTicket[] {
  const out: FixtureTicket[] = [];
  for (let i = 0; i < n; i++) {
    const createdAt = hours(NOW, -24 * 200 * rnd());
    const fate = rnd();
    const ack = fate < 0.2 ? null : hours(createdAt, 40 * rnd());
    const status =
      fate < 0.2
        ? 'received'
        : fate < 0.3
          ? 'acknowledged'
          : fate < 0.4
            ? 'in_progress'
            : fate < 0.5
              ? 'rejected'
              : 'resolved';
    const resolvedAt = status === 'resolved' ? hours(ack!, 400 * rnd()) : null;
    out.push({
      categoryId: cats[Math.floor(rnd() * 4)],
      at: offset(rnd() * 1500, rnd() * 1500),
      status: resolvedAt && resolvedAt > NOW ? 'in_progress' : status,
      createdAt,
      acknowledgedAt: ack && ack < NOW ? ack : null,
      resolvedAt: resolvedAt && resolvedAt <= NOW ? resolvedAt : null,
      closedAt: status === 'rejected' ? ack : resolvedAt && resolvedAt <= NOW ? resolvedAt : null,
      reopenCount: rnd() < 0.15 ? 1 : 0,
      supporters: Math.floor(rnd() * 4),
    });
  }
  return out;
}

/** Records the SQL a query function sends, to tell which source answered. */
function recording(inner: Queryable): { db: Queryable; texts: string[] } {
  const texts: string[] = [];
  return {
    texts,
    db: {
      query: ((text: string, values?: unknown[]) => {
        texts.push(text);
        return inner.query(text, values);
      }) as Queryable['query'],
    },
  };
}

async function expectRollupsMatchTickets(): Promise<void> {
  const plain = analyticsDb(db.pool);
  const hashing = analyticsDb(db.pool, HASH_AGGREGATE_SETTINGS);
  for (const filter of FILTERS) {
    const scope: AnalyticsScope = {
      municipalityId: db.municipality.id,
      localSrid: db.municipality.local_srid,
      filter,
      now: NOW,
    };
    for (const group of ['category', 'office'] as KpiGroup[]) {
      const direct = await kpiRows(plain, scope, group, 'tickets');
      expect(direct.length).toBeGreaterThan(0);
      const rec = recording(plain);
      expect(await kpiRows(rec.db, scope, group)).toEqual(direct);
      expect(rec.texts.join()).toContain('ticket_kpi_rollup');
    }
    expect(await countTickets(db.pool, db.municipality.id, filter)).toBe(
      await countTickets(db.pool, db.municipality.id, filter, 'tickets'),
    );
    for (const cellM of [100, 150]) {
      const direct = await heatmapCells(hashing, scope, cellM, 'tickets');
      expect(direct.length).toBeGreaterThan(0);
      const rec = recording(hashing);
      expect(await heatmapCells(rec.db, scope, cellM)).toEqual(direct);
      // 100 m is kept precomputed (municipality.heat_rollup_cells); 150 m is binned from the tickets.
      expect(rec.texts.join().includes('ticket_heat_rollup')).toBe(cellM === 100);
    }
  }
}

async function version(id: number): Promise<number> {
  const { rows } = await db.pool.query<{ version: number }>(
    'select version from ticket where id = $1',
    [id],
  );
  return rows[0].version;
}

async function uncompacted(): Promise<number> {
  const { rows } = await db.pool.query<{ n: number }>(`
    select ((select count(*) from ticket_kpi_rollup where not compacted) + (select count(*) from ticket_duration_rollup where not compacted)
          + (select count(*) from ticket_heat_rollup where not compacted))::int as n`);
  return rows[0].n;
}

/** The rollup tables' net contents, one row per group, in a stable order. */
async function rollupContents(): Promise<unknown[]> {
  const { rows } = await db.pool.query(`
    select 'k' as t, municipality_id, category_id, office_id, status::text, null::text as measure, null::int as a, null::int as b,
           sum(tickets)::int as n, sum(reopened)::int as x, sum(within_sla)::int as y
    from ticket_kpi_rollup group by 1, 2, 3, 4, 5 having sum(tickets) <> 0 or sum(reopened) <> 0 or sum(within_sla) <> 0
    union all
    select 'd', municipality_id, category_id, office_id, status::text, measure, hours, null, sum(tickets)::int, null, null
    from ticket_duration_rollup group by 1, 2, 3, 4, 5, 6, 7 having sum(tickets) <> 0
    union all
    select 'h' || cell_m, municipality_id, category_id, office_id, status::text, null, i, j, sum(tickets)::int, sum(weight)::int, null
    from ticket_heat_rollup group by 1, 2, 3, 4, 5, 6, 7, 8 having sum(tickets) <> 0 or sum(weight) <> 0
    order by 1, 2, 3, 4, 5, 6, 7, 8`);
  return rows;
}

beforeAll(async () => {
  db = await createTestDatabase();
  cats = await categoryIds(db.pool, db.municipality.id);
  const { rows } = await db.pool.query<{ office_id: number }>(
    'select office_id from category where id = $1',
    [cats[1]],
  );
  FILTERS[3] = { categoryIds: [cats[0], cats[2]] };
  FILTERS[4] = { officeIds: [rows[0].office_id] };
  admin = await createStaff(db, 'admin.rollup@seravezza.demo', 'admin');
  await insertTickets(db.pool, db.municipality.id, generate(prng(33), 150));
});

afterAll(async () => db?.close());

describe('analytics rollups', () => {
  it('match the tickets after inserts, before and after compaction', async () => {
    // Inserts of its own: the ones of beforeAll may have been compacted by another test already.
    await insertTickets(db.pool, db.municipality.id, generate(prng(34), 40));
    expect(await uncompacted()).toBeGreaterThan(0);
    await expectRollupsMatchTickets();
    const before = await rollupContents();
    expect(await compactRollups(db.pool)).toBeGreaterThan(0);
    expect(await uncompacted()).toBe(0);
    expect(await rollupContents()).toEqual(before);
    // Compacted: one row per group.
    const { rows } = await db.pool.query<{ n: number }>(`select count(*)::int as n from (
      select 1 from ticket_heat_rollup group by municipality_id, cell_m, category_id, office_id, status, i, j having count(*) > 1) d`);
    expect(rows[0].n).toBe(0);
    await expectRollupsMatchTickets();
  });

  it('match the tickets after a citizen report, "mi associo", every phase, a reassignment and a merge', async () => {
    const point = await streetPoint(db, 3);
    const code = await db.services.reports.submit(
      reportInput(await categoryId(db, 'buca_stradale'), point, { email: 'rollup@example.org' }),
      '192.0.2.10',
    );
    const { rows } = await db.pool.query<{ id: number }>('select id from ticket where code = $1', [
      code,
    ]);
    const id = rows[0].id;
    await joinConfirmed(db, code!, 'vicino@example.org', 'it', '192.0.2.11');
    await expectRollupsMatchTickets();

    const w = db.services.workflow;
    await w.changePhase(admin, 'acknowledgeTicket', { id, version: await version(id) });
    await w.changePhase(admin, 'startWork', { id, version: await version(id) });
    await expectRollupsMatchTickets();
    await w.changePhase(admin, 'resolveTicket', {
      id,
      version: await version(id),
      note: 'Buca chiusa.',
      public: true,
    });
    await expectRollupsMatchTickets();
    await w.changePhase(admin, 'reopenTicket', {
      id,
      version: await version(id),
      note: 'Si è riaperta.',
    });
    await w.reassign(admin, {
      id,
      version: await version(id),
      officeId: await officeId(db, 'ambiente'),
      reason: 'Competenza',
    });
    await expectRollupsMatchTickets();

    const original = await db.pool.query<{ id: number }>(
      `select id from ticket where status = 'received' and id <> $1 order by id limit 1`,
      [id],
    );
    await db.services.duplicates.markDuplicate(admin, {
      id,
      version: await version(id),
      originalId: original.rows[0].id,
      note: 'Già segnalata.',
    });
    await expectRollupsMatchTickets();
    await compactRollups(db.pool);
    await expectRollupsMatchTickets();
  });

  it('match the tickets after concurrent reports, joins and phase changes while compaction keeps running', async () => {
    const point = await streetPoint(db, 5);
    const light = await categoryId(db, 'illuminazione_pubblica');
    let running = true;
    const compactor = (async () => {
      let rounds = 0;
      while (running) {
        await compactRollups(db.pool);
        rounds += 1;
      }
      return rounds;
    })();
    try {
      const codes = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          db.services.reports.submit(
            reportInput(light, point, { email: `insieme${i}@example.org`, title: `Lampione ${i}` }),
            `192.0.2.${100 + i}`,
          ),
        ),
      );
      await Promise.all(
        codes.map((code, i) =>
          joinConfirmed(db, code!, `vicino${i}@example.org`, 'it', `192.0.2.${150 + i}`),
        ),
      );
      const { rows } = await db.pool.query<{ id: number; version: number }>(
        'select id, version from ticket where code = any($1)',
        [codes],
      );
      await Promise.all(
        rows.map((r) =>
          db.services.workflow.changePhase(admin, 'acknowledgeTicket', {
            id: r.id,
            version: r.version,
          }),
        ),
      );
    } finally {
      running = false;
    }
    expect(await compactor).toBeGreaterThan(0);
    await expectRollupsMatchTickets();
    await compactRollups(db.pool);
    expect(await uncompacted()).toBe(0);
    await expectRollupsMatchTickets();
  });

  it('match the tickets after a delete and a row without timestamps, and a rebuild from the tickets gives the same rows', async () => {
    // A resolved ticket written without resolved_at (an import, say) has no time to resolve: the write must still go through.
    await db.pool.query(
      `update ticket set status = 'resolved', resolved_at = null where id = (select min(id) from ticket where status = 'in_progress')`,
    );
    await expectRollupsMatchTickets();
    const { rows } = await db.pool.query<{ id: number }>(
      `select id from ticket where status = 'resolved' order by id limit 2`,
    );
    const ids = rows.map((r) => r.id);
    await db.pool.query('delete from reporter where ticket_id = any($1)', [ids]);
    await db.pool.query('delete from ticket_event where ticket_id = any($1)', [ids]);
    await db.pool.query('delete from ticket where id = any($1)', [ids]);
    await expectRollupsMatchTickets();
    const incremental = await rollupContents();
    await db.pool.query('select segnala_rebuild_rollups()');
    expect(await uncompacted()).toBe(0);
    expect(await rollupContents()).toEqual(incremental);
    await expectRollupsMatchTickets();
  });

  it('leave time windows, streets, areas and text to the tickets', async () => {
    // Text search reads the masked public copy, which the fixtures' raw inserts leave for the start-up
    // backfill to write (server/db/public-text.queries.ts): write it as a start would.
    await backfillPublicText(db.pool);
    const plain = analyticsDb(db.pool);
    for (const filter of [
      { createdFrom: hours(NOW, -24 * 30) },
      { text: 'prova' },
      { bbox: { west: 10, south: 43.9, east: 10.3, north: 44 } },
    ] as TicketFilter[]) {
      const scope: AnalyticsScope = {
        municipalityId: db.municipality.id,
        localSrid: db.municipality.local_srid,
        filter,
        now: NOW,
      };
      const rec = recording(plain);
      const rows = await kpiRows(rec.db, scope, 'category');
      expect(rows.length).toBeGreaterThan(0);
      expect(rec.texts.join()).not.toContain('rollup');
      expect(rows).toEqual(await kpiRows(plain, scope, 'category', 'tickets'));
    }
  });

  it("are compacted by the server's periodic job", async () => {
    await insertTickets(db.pool, db.municipality.id, generate(prng(34), 5));
    expect(await uncompacted()).toBeGreaterThan(0);
    const before = await rollupContents();
    const warnings: string[] = [];
    const compactor = startRollupCompactor(db.pool, 1, { warn: (m) => warnings.push(m) });
    try {
      for (let i = 0; i < 50 && (await uncompacted()) > 0; i++)
        await new Promise((r) => setTimeout(r, 100));
    } finally {
      await compactor.stop();
    }
    expect(await uncompacted()).toBe(0);
    expect(warnings).toEqual([]);
    expect(await rollupContents()).toEqual(before);
  });

  it('write nothing for an update that changes nothing they count (a priority, a note)', async () => {
    const { rows } = await db.pool.query<{ id: number; version: number }>(
      `select id, version from ticket where status = 'acknowledged' order by id limit 1`,
    );
    const rowsNow = async () =>
      (
        await db.pool.query<{
          n: number;
        }>(`select ((select count(*) from ticket_kpi_rollup) + (select count(*) from ticket_duration_rollup)
      + (select count(*) from ticket_heat_rollup))::int as n`)
      ).rows[0].n;
    const before = await rowsNow();
    await db.services.workflow.setPriority(admin, {
      id: rows[0].id,
      version: rows[0].version,
      priority: 1,
    });
    await db.services.workflow.addNote(admin, { id: rows[0].id, text: 'Sopralluogo fissato.' });
    expect(await rowsNow()).toBe(before);
    await expectRollupsMatchTickets();
  });

  it('are rebuilt when the precomputed heat sizes change; a list with a gap is refused', async () => {
    const m = db.municipality.id;
    await db.pool.query(`update municipality set heat_rollup_cells = '{100,200}' where id = $1`, [
      m,
    ]);
    try {
      const scope: AnalyticsScope = {
        municipalityId: m,
        localSrid: db.municipality.local_srid,
        filter: {},
        now: NOW,
      };
      const hashing = analyticsDb(db.pool, HASH_AGGREGATE_SETTINGS);
      const rec = recording(hashing);
      const cells = await heatmapCells(rec.db, scope, 200);
      expect(rec.texts.join()).toContain('ticket_heat_rollup');
      expect(cells.length).toBeGreaterThan(0);
      expect(cells).toEqual(await heatmapCells(hashing, scope, 200, 'tickets'));
      await expect(
        db.pool.query(`update municipality set heat_rollup_cells = '{100,null}' where id = $1`, [
          m,
        ]),
      ).rejects.toThrow(/check constraint/);
    } finally {
      await db.pool.query(`update municipality set heat_rollup_cells = '{100}' where id = $1`, [m]);
    }
    const { rows } = await db.pool.query<{ n: number }>(
      'select count(*)::int as n from ticket_heat_rollup where cell_m = 200',
    );
    expect(rows[0].n).toBe(0);
    await expectRollupsMatchTickets();
  });
});
