// Small hand-made ticket sets with known answers for the analytics tests, written straight into the
// database (no workflow): every timestamp and state is chosen by the test.
import type pg from 'pg';
import type { TicketStatus } from '../../server/domain/ticket-status.js';
import type { Viewer } from '../../server/domain/viewer.js';

export const PLANNER: Viewer = {
  staffId: 1,
  email: 'planner@seravezza.demo',
  role: 'planner',
  officeIds: [],
  scopes: null,
};
export const ADMIN: Viewer = {
  staffId: 2,
  email: 'admin@seravezza.demo',
  role: 'admin',
  officeIds: [],
  scopes: null,
};
export const OPERATOR: Viewer = {
  staffId: 3,
  email: 'operator@seravezza.demo',
  role: 'operator',
  officeIds: [1],
  scopes: null,
};

/** A point in Querceta (Seravezza), lon/lat. */
export const ORIGIN: [number, number] = [10.2, 43.97];
const M_PER_DEG_LAT = 111_320;

/** The point dx metres east and dy metres north of ORIGIN (local flat approximation). */
export function offset(dx: number, dy: number): [number, number] {
  return [
    ORIGIN[0] + dx / (M_PER_DEG_LAT * Math.cos((ORIGIN[1] * Math.PI) / 180)),
    ORIGIN[1] + dy / M_PER_DEG_LAT,
  ];
}

export interface FixtureTicket {
  categoryId: number;
  streetId?: number | null;
  at: [number, number];
  status?: TicketStatus;
  createdAt: Date;
  acknowledgedAt?: Date | null;
  resolvedAt?: Date | null;
  closedAt?: Date | null;
  dueAt?: Date;
  supporters?: number;
  reopenCount?: number;
  duplicateOf?: number | null;
  email?: string;
}

export interface Inserted {
  id: number;
  code: string;
}

let serial = 0;

export function hours(from: Date, h: number): Date {
  return new Date(from.getTime() + h * 3_600_000);
}

export async function insertTickets(
  pool: pg.Pool,
  municipalityId: number,
  tickets: FixtureTicket[],
): Promise<Inserted[]> {
  const out: Inserted[] = [];
  for (const t of tickets) {
    serial += 1;
    const code = `SRV-TEST-${(serial + process.pid * 7).toString(36).toUpperCase().slice(-4).padStart(4, '0')}`;
    const { rows } = await pool.query<{ id: number }>(
      `insert into ticket (municipality_id, code, category_id, office_id, street_id, status, title, description, location,
                           created_at, updated_at, acknowledged_at, resolved_at, closed_at, due_at, supporters_count, reopen_count,
                           duplicate_of, reject_reason)
       select $1, $2, c.id, c.office_id, $4, $5::ticket_status, 'Prova', 'Segnalazione di prova',
              st_setsrid(st_makepoint($6, $7), 4326)::geography, $8::timestamptz, $8::timestamptz, $9::timestamptz, $10::timestamptz, $11::timestamptz,
              coalesce($12::timestamptz, $8::timestamptz + make_interval(hours => c.sla_hours)), $13, $14, $15,
              case when $5::text = 'rejected' then 'not_a_fault' end
       from category c where c.municipality_id = $1 and c.id = $3
       returning id`,
      [
        municipalityId,
        code,
        t.categoryId,
        t.streetId ?? null,
        t.status ?? 'received',
        t.at[0],
        t.at[1],
        t.createdAt,
        t.acknowledgedAt ?? null,
        t.resolvedAt ?? null,
        t.closedAt ?? null,
        t.dueAt ?? null,
        t.supporters ?? 0,
        t.reopenCount ?? 0,
        t.duplicateOf ?? null,
      ],
    );
    if (rows.length === 0) throw new Error(`No category ${t.categoryId}`);
    await pool.query(
      'insert into reporter (municipality_id, ticket_id, email) values ($1, $2, $3)',
      [municipalityId, rows[0].id, t.email ?? `cittadino${serial}@example.org`],
    );
    out.push({ id: rows[0].id, code });
  }
  return out;
}

export async function categoryIds(pool: pg.Pool, municipalityId: number): Promise<number[]> {
  const { rows } = await pool.query<{ id: number }>(
    'select id from category where municipality_id = $1 order by sort_order, id',
    [municipalityId],
  );
  return rows.map((r) => r.id);
}

export async function streetIds(
  pool: pg.Pool,
  municipalityId: number,
  n: number,
): Promise<number[]> {
  const { rows } = await pool.query<{ id: number }>(
    'select id from street where municipality_id = $1 order by id limit $2',
    [municipalityId, n],
  );
  return rows.map((r) => r.id);
}

/** percentile_cont: linear interpolation between the closest ranks, as PostgreSQL computes it. */
export function percentileCont(values: number[], fraction: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = fraction * (sorted.length - 1);
  const lo = Math.floor(rank);
  const hi = Math.ceil(rank);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (rank - lo);
}

/** Deterministic PRNG (mulberry32) for generated fixtures. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
