// The stored nearby-open count (sql/051: ticket_nearby) is exactly the live count after every kind of
// write: rows written straight in, a citizen's report, "mi associo", every phase, a reassignment, a merge,
// concurrent reports at one place, a category's radius, a category or place changed by hand, a delete, a
// bulk load with its rebuild, a TRUNCATE; and the inbox and the ticket page show it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rebuildNearby } from '../../server/db/nearby.sql.js';
import { OPEN_STATUS_SQL as OPEN } from '../../server/db/ticket-status.sql.js';
import type { Viewer } from '../../server/domain/viewer.js';
import { insertDemoTickets } from '../../seeds/demo-tickets.js';
import { generateTrackingCode } from '../../server/domain/tracking-code.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';
import { categoryId, reportInput, streetPoint } from '../helpers/citizen.js';
import { createStaff, officeId } from '../helpers/staff-fixtures.js';
import { categoryIds, hours, insertTickets, offset, prng } from './analytics-fixtures.js';

let db: TestDatabase;
let admin: Viewer;
let cats: number[];
const NOW = new Date();

// The live count written out again here, apart from sql/051's functions, as inbox.queries.ts counted it.
const LIVE = `
  select t.id, case when t.status in ${OPEN} then (
      select count(*) from ticket o join category c on c.municipality_id = t.municipality_id and c.id = t.category_id
      where o.municipality_id = t.municipality_id and o.category_id = t.category_id and o.id <> t.id
        and o.status in ${OPEN} and st_dwithin(o.location, t.location, c.duplicate_radius_m)) else 0 end::int as n
  from ticket t`;

/** Every ticket whose stored count differs from the live one, and stored rows that should not be there. */
async function mismatches(): Promise<unknown[]> {
  const { rows } = await db.pool.query(`
    select l.id, l.n as live, coalesce(k.open_nearby, 0) as stored
    from (${LIVE}) l join ticket t on t.id = l.id
    left join ticket_nearby k on k.municipality_id = t.municipality_id and k.ticket_id = t.id
    where l.n <> coalesce(k.open_nearby, 0)
    union all
    select k.ticket_id, null, k.open_nearby from ticket_nearby k
    where not exists (select 1 from ticket t where t.municipality_id = k.municipality_id and t.id = k.ticket_id
                        and t.status in ${OPEN})
    order by 1`);
  return rows;
}

async function expectExact(): Promise<void> {
  expect(await mismatches()).toEqual([]);
}

async function stored(): Promise<{ rows: number; sum: number }> {
  const { rows } = await db.pool.query<{ rows: number; sum: number }>(
    'select count(*)::int as rows, coalesce(sum(open_nearby), 0)::int as sum from ticket_nearby',
  );
  return rows[0];
}

async function version(id: number): Promise<number> {
  const { rows } = await db.pool.query<{ version: number }>(
    'select version from ticket where id = $1',
    [id],
  );
  return rows[0].version;
}

async function idOf(code: string): Promise<number> {
  const { rows } = await db.pool.query<{ id: number }>('select id from ticket where code = $1', [
    code,
  ]);
  return rows[0].id;
}

/** A cluster of open and closed tickets a few metres apart, so that counts are not all 0. */
function cluster(n: number, seed: number, spreadM = 60) {
  const rnd = prng(seed);
  return Array.from({ length: n }, () => {
    const fate = rnd();
    return {
      categoryId: cats[Math.floor(rnd() * 3)],
      at: offset(rnd() * spreadM, rnd() * spreadM),
      status:
        fate < 0.5
          ? ('received' as const)
          : fate < 0.7
            ? ('in_progress' as const)
            : ('resolved' as const),
      createdAt: hours(NOW, -24 * 20 * rnd()),
      resolvedAt: fate >= 0.7 ? hours(NOW, -1) : null,
      closedAt: fate >= 0.7 ? hours(NOW, -1) : null,
    };
  });
}

beforeAll(async () => {
  db = await createTestDatabase();
  cats = await categoryIds(db.pool, db.municipality.id);
  admin = await createStaff(db, 'admin.nearby@seravezza.demo', 'admin');
  await insertTickets(db.pool, db.municipality.id, cluster(60, 51));
});

afterAll(async () => db?.close());

describe('stored nearby-open count', () => {
  it('equals the live count after rows written straight in, and is not all zeros', async () => {
    await expectExact();
    expect((await stored()).sum).toBeGreaterThan(20);
  });

  it('equals the live count after a report, "mi associo", every phase, a reassignment and a merge', async () => {
    const point = await streetPoint(db, 3);
    const pothole = await categoryId(db, 'buca_stradale');
    const codes: string[] = [];
    for (let i = 0; i < 3; i++) {
      codes.push(
        (await db.services.reports.submit(
          reportInput(pothole, point, { email: `vicino${i}@example.org`, title: `Buca ${i}` }),
          `192.0.2.${20 + i}`,
        ))!,
      );
    }
    await expectExact();
    const [a, b, c] = await Promise.all(codes.map(idOf));
    const { rows } = await db.pool.query<{ n: number }>(
      'select open_nearby as n from ticket_nearby where ticket_id = $1',
      [a],
    );
    expect(rows[0].n).toBe(2);
    await db.services.joins.join(codes[0], 'sostenitore@example.org', 'it', '192.0.2.30');
    const w = db.services.workflow;
    await w.changePhase(admin, 'acknowledgeTicket', { id: a, version: await version(a) });
    await w.changePhase(admin, 'startWork', { id: a, version: await version(a) });
    await expectExact();
    await w.changePhase(admin, 'resolveTicket', {
      id: a,
      version: await version(a),
      note: 'Buca chiusa.',
      public: true,
    });
    await expectExact();
    await w.changePhase(admin, 'reopenTicket', {
      id: a,
      version: await version(a),
      note: 'Si è riaperta.',
    });
    await expectExact();
    await w.reassign(admin, {
      id: a,
      version: await version(a),
      officeId: await officeId(db, 'ambiente'),
      reason: 'Competenza',
    });
    await w.changePhase(admin, 'rejectTicket', {
      id: b,
      version: await version(b),
      reason: 'not_a_fault',
      note: 'Non è un guasto.',
    });
    await expectExact();
    await db.services.duplicates.markDuplicate(admin, {
      id: c,
      version: await version(c),
      originalId: a,
      note: 'Già segnalata.',
    });
    await expectExact();
    const left = await db.pool.query<{ n: number }>(
      'select count(*)::int as n from ticket_nearby where ticket_id = any($1)',
      [[a, b, c]],
    );
    expect(left.rows[0].n).toBe(0); // a is alone again, b and c are closed
  });

  it('equals the live count after concurrent reports at one place', async () => {
    const point = await streetPoint(db, 5);
    const light = await categoryId(db, 'illuminazione_pubblica');
    const codes = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        db.services.reports.submit(
          reportInput(light, point, { email: `insieme${i}@example.org`, title: `Lampione ${i}` }),
          `192.0.2.${100 + i}`,
        ),
      ),
    );
    await expectExact();
    const { rows } = await db.pool.query<{ n: number }>(
      `select min(k.open_nearby)::int as n from ticket_nearby k join ticket t on t.id = k.ticket_id where t.code = any($1)`,
      [codes],
    );
    expect(rows[0].n).toBeGreaterThanOrEqual(11);
  });

  it('equals the live count after concurrent reports and closings along a line, 0.4 radius apart', async () => {
    // Writers closer than two radii must take turns (sql/057: cells of a 2r grid), farther ones need
    // not: a line of 6 radii crosses cell borders, so both cases meet here, with closings among them.
    const base = await streetPoint(db, 6);
    const cat = await categoryId(db, 'segnaletica');
    const { rows } = await db.pool.query<{ r: number }>(
      'select duplicate_radius_m as r from category where id = $1',
      [cat],
    );
    const step = (0.4 * rows[0].r) / (111_320 * Math.cos((base.lat * Math.PI) / 180));
    const at = (i: number) => ({ lon: base.lon + i * step, lat: base.lat });
    const first = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        db.services.reports.submit(
          reportInput(cat, at(2 * i), { email: `linea${i}@example.org`, title: `Cartello ${i}` }),
          `192.0.2.${60 + i}`,
        ),
      ),
    );
    await expectExact();
    const closing = await Promise.all(first.slice(0, 4).map((code) => idOf(code!)));
    await Promise.all([
      ...Array.from({ length: 8 }, (_, i) =>
        db.services.reports.submit(
          reportInput(cat, at(2 * i + 1), { email: `linea.b${i}@example.org`, title: `Palo ${i}` }),
          `192.0.2.${80 + i}`,
        ),
      ),
      ...closing.map((id) =>
        db.pool.query(
          `update ticket set status = 'resolved', resolved_at = now(), version = version + 1 where id = $1`,
          [id],
        ),
      ),
    ]);
    await expectExact();
  });

  it('equals the live count after one transaction changes several tickets near each other', async () => {
    // sql/057 adjusts neighbours by one and recounts live those the same transaction changed: two new
    // tickets, one moved, one closed and one only re-prioritised, all within a radius, in one commit;
    // then one statement that closes a whole cluster.
    const [lon, lat] = offset(400, 400);
    const codes = Array.from({ length: 5 }, () =>
      generateTrackingCode(db.municipality.code_prefix),
    );
    const client = await db.pool.connect();
    try {
      await client.query('begin');
      const ins = `insert into ticket (municipality_id, code, category_id, office_id, title, description, location, locale, due_at)
        select $1, $2, c.id, c.office_id, 'x', 'y', st_setsrid(st_makepoint($4, $5), 4326)::geography, 'it', now() + interval '3 days'
        from category c where c.id = $3 returning id`;
      const ids: number[] = [];
      for (let i = 0; i < 5; i++)
        ids.push(
          (await client.query(ins, [db.municipality.id, codes[i], cats[0], lon + i * 1e-5, lat]))
            .rows[0].id,
        );
      await client.query(
        `update ticket set location = st_setsrid(st_makepoint($2, $3), 4326)::geography where id = $1`,
        [ids[1], lon + 2e-4, lat],
      );
      await client.query(
        `update ticket set status = 'resolved', resolved_at = now() where id = $1`,
        [ids[2]],
      );
      await client.query(`update ticket set priority = 1 where id = $1`, [ids[3]]);
      await client.query(`update ticket set location = location where id = $1`, [ids[4]]);
      await client.query('commit');
    } finally {
      client.release();
    }
    await expectExact();
    await db.pool.query(
      `update ticket set status = 'resolved', resolved_at = now() where code = any($1) and status = 'received'`,
      [codes],
    );
    await expectExact();
  });

  it("equals the live count after a category's radius, a category or a place changed, a delete", async () => {
    await db.services.admin.updateCategory(admin, cats[0], {
      slaHours: null,
      duplicateRadiusM: 15,
      officeId: null,
      active: null,
    });
    await expectExact();
    await db.services.admin.updateCategory(admin, cats[0], {
      slaHours: null,
      duplicateRadiusM: 500,
      officeId: null,
      active: null,
    });
    await expectExact();
    const { rows } = await db.pool.query<{ id: number }>(
      `select t.id from ticket t join ticket_nearby k on k.ticket_id = t.id order by t.id limit 3`,
    );
    const [x, y, z] = rows.map((r) => r.id);
    await db.pool.query(
      `update ticket set category_id = case when category_id = $2 then $3 else $2 end where id = $1`,
      [x, cats[0], cats[1]],
    );
    await expectExact();
    await db.pool.query(
      `update ticket set location = st_setsrid(st_makepoint(10.25, 43.99), 4326)::geography where id = $1`,
      [y],
    );
    await expectExact();
    // Two changes to one ticket in one transaction (closed, then moved back in): counted from the end state.
    const client = await db.pool.connect();
    try {
      await client.query('begin');
      await client.query(
        `update ticket set status = 'resolved', resolved_at = now(), closed_at = now() where id = $1`,
        [z],
      );
      await client.query(
        `update ticket set status = 'received', resolved_at = null, closed_at = null, location = st_setsrid(st_makepoint(10.2001, 43.9701), 4326)::geography where id = $1`,
        [z],
      );
      await client.query('commit');
    } finally {
      client.release();
    }
    await expectExact();
    await db.pool.query('delete from reporter where ticket_id = any($1)', [[x, y]]);
    await db.pool.query('delete from ticket_event where ticket_id = any($1)', [[x, y]]);
    await db.pool.query('delete from ticket where id = any($1)', [[x, y]]);
    await expectExact();
  });

  it('equals the live count after a bulk load and its rebuild; a rebuild changes nothing', async () => {
    await insertDemoTickets(db.pool, db.municipality.id, { count: 300, seed: 51 });
    await expectExact();
    const before = await stored();
    expect(await rebuildNearby(db.pool, db.municipality.id)).toBe(before.rows);
    expect(await stored()).toEqual(before);
  });

  it('shows the stored count in the inbox and on the ticket page', async () => {
    const { rows } = await db.pool.query<{ id: number; n: number }>(
      'select ticket_id as id, open_nearby as n from ticket_nearby where municipality_id = $1 order by open_nearby desc, ticket_id limit 1',
      [db.municipality.id],
    );
    const ticket = await db.services.staffTickets.get(admin, rows[0].id);
    expect(ticket.nearby_open).toBe(rows[0].n);
    const page = await db.services.inbox.inbox(admin, {}, 'suggested', 500);
    expect(page.nodes.length).toBeGreaterThan(0);
    const live = new Map(
      (await db.pool.query<{ id: number; n: number }>(LIVE)).rows.map((r) => [Number(r.id), r.n]),
    );
    for (const t of page.nodes) expect(t.nearby_open).toBe(live.get(Number(t.id)));
    expect(page.nodes.some((t) => t.nearby_open > 0)).toBe(true);
  });

  it('is emptied by TRUNCATE ticket', async () => {
    expect((await stored()).rows).toBeGreaterThan(0);
    await db.pool.query('truncate ticket cascade');
    expect(await stored()).toEqual({ rows: 0, sum: 0 });
  });
});
