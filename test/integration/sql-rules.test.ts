// Rules that live in server/domain and that SQL must repeat: partial index predicates, SQL functions and check
// constraints cannot take the TypeScript constants, so this file reads them back from the database catalog
// (and runs them) and proves they say exactly what the domain says. Change one side only and it fails.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { suggestedScoreSql } from '../../server/db/priority.sql.js';
import { suggestPriority } from '../../server/domain/priority.js';
import { REJECT_REASONS } from '../../server/domain/reject-reason.js';
import {
  CLOSED_STATUSES,
  isOpen,
  OPEN_STATUSES,
  TICKET_STATUSES,
  type TicketStatus,
} from '../../server/domain/ticket-status.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';

let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase();
});

afterAll(async () => {
  await db?.close();
});

const sorted = (list: readonly string[]): string[] => [...list].sort();

/** The quoted words of `= ANY (ARRAY['a'::t, 'b'::t])`, or null when the text has no such list. */
function anyArray(text: string, type: string): string[] | null {
  const m = /= ANY \(ARRAY\[([^\]]*)\]\)/.exec(text);
  if (!m) return null;
  const items = m[1].split(', ');
  const words = items.map((item) => new RegExp(`^'([a-z_]+)'::${type}$`).exec(item)?.[1]);
  return words.every((w) => w !== undefined) ? (words as string[]) : null;
}

describe('open statuses in SQL', () => {
  it('the ticket_status type has the states of TICKET_STATUSES, in order', async () => {
    const { rows } = await db.pool.query<{ s: string }>(
      'select unnest(enum_range(null::ticket_status))::text as s',
    );
    expect(rows.map((r) => r.s)).toEqual([...TICKET_STATUSES]);
  });

  it('every partial index restricted by status keeps exactly OPEN_STATUSES', async () => {
    const { rows } = await db.pool.query<{ indexname: string; indexdef: string }>(
      `select indexname, indexdef from pg_indexes
       where schemaname = current_schema() and indexdef like '% WHERE %' and indexdef like '%status%'
       order by indexname`,
    );
    // Not vacuous: the open-ticket indexes of 001, 031, 032 and 033 are all there.
    expect(rows.map((r) => r.indexname)).toEqual(
      expect.arrayContaining([
        'ticket_open_location_gist',
        'ticket_open_street_due',
        'ticket_open_cluster_cover',
        'ticket_open_kpi_cover',
      ]),
    );
    for (const { indexname, indexdef } of rows) {
      const predicate = indexdef.slice(indexdef.indexOf(' WHERE ') + 7);
      expect(predicate, indexname).toMatch(/^\(status = ANY \(ARRAY\[[^\]]*\]\)\)$/);
      expect(sorted(anyArray(predicate, 'ticket_status') ?? []), indexname).toEqual(
        sorted(OPEN_STATUSES),
      );
    }
  });

  it('segnala_is_open lists OPEN_STATUSES and answers isOpen for every state', async () => {
    const def = await db.pool.query<{ def: string }>(
      `select pg_get_functiondef('segnala_is_open(ticket_status)'::regprocedure) as def`,
    );
    const listed = [...def.rows[0].def.matchAll(/'([a-z_]+)'::ticket_status/g)].map((m) => m[1]);
    expect(sorted(listed)).toEqual(sorted(OPEN_STATUSES));

    const { rows } = await db.pool.query<{ s: TicketStatus; open: boolean }>(
      'select s::text as s, segnala_is_open(s) as open from unnest(enum_range(null::ticket_status)) s',
    );
    expect(rows).toEqual(TICKET_STATUSES.map((s) => ({ s, open: isOpen({ status: s }) })));
  });

  it('segnala_closed_at and segnala_is_overdue treat exactly CLOSED_STATUSES as closed', async () => {
    const { rows } = await db.pool.query<{ s: TicketStatus; closed: boolean; overdue: boolean }>(
      `select s::text as s, segnala_closed_at(s, now(), now(), now()) is not null as closed,
              segnala_is_overdue(s, now() - interval '1 day', now()) as overdue
       from unnest(enum_range(null::ticket_status)) s`,
    );
    expect(rows.filter((r) => r.closed).map((r) => r.s)).toEqual([...CLOSED_STATUSES]);
    expect(rows.filter((r) => r.overdue).map((r) => r.s)).toEqual([...OPEN_STATUSES]);
  });
});

describe('durations in SQL', () => {
  it('are completed hours, and the catalog comments of the three duration functions say so', async () => {
    const { rows } = await db.pool.query<{ fn: string; comment: string; value: number }>(
      `select f.fn, obj_description(f.fn::regprocedure, 'pg_proc') as comment, f.value
       from (values
         ('segnala_hours_between(timestamptz, timestamptz)', segnala_hours_between(now(), now() + interval '2 hours 40 minutes')),
         ('segnala_ack_hours(timestamptz, timestamptz)', segnala_ack_hours(now(), now() + interval '2 hours 40 minutes')),
         ('segnala_resolve_hours(ticket_status, timestamptz, timestamptz)',
          segnala_resolve_hours('resolved', now(), now() + interval '2 hours 40 minutes'))
       ) f(fn, value)`,
    );
    for (const r of rows) {
      expect(r.value, r.fn).toBe(2);
      expect(r.comment, r.fn).toContain('completed hours');
    }
  });
});

describe('reject reasons in SQL', () => {
  it('the ticket check constraint allows exactly REJECT_REASONS', async () => {
    const { rows } = await db.pool.query<{ def: string }>(
      `select pg_get_constraintdef(oid) as def from pg_constraint
       where conrelid = 'ticket'::regclass and contype = 'c' and pg_get_constraintdef(oid) like '%reject_reason = ANY%'`,
    );
    expect(rows).toHaveLength(1);
    expect(sorted(anyArray(rows[0].def, 'text') ?? [])).toEqual(sorted(REJECT_REASONS));
  });
});

describe('suggested priority in SQL', () => {
  interface Inputs {
    ageHours: number;
    slaHours: number;
    supporters: number;
    nearbyOpen: number;
  }

  /** The score of suggestedScoreSql for each input, computed by the database in one statement. */
  async function sqlScores(inputs: Inputs[]): Promise<number[]> {
    const score = suggestedScoreSql({
      ageHours: 'v.age',
      slaHours: 'v.sla',
      supporters: 'v.supporters',
      nearbyOpen: 'v.nearby',
    });
    const { rows } = await db.pool.query<{ score: number }>(
      `select ${score} as score
       from unnest($1::float8[], $2::int[], $3::int[], $4::int[]) with ordinality v(age, sla, supporters, nearby, i)
       order by v.i`,
      [
        inputs.map((x) => x.ageHours),
        inputs.map((x) => x.slaHours),
        inputs.map((x) => x.supporters),
        inputs.map((x) => x.nearbyOpen),
      ],
    );
    return rows.map((r) => r.score);
  }

  const sla = fc.oneof(
    fc.constantFrom(0, 1, 4, 23, 24, 25, 48, 71, 72, 73, 120, 167, 168, 169, 336, 720),
    fc.integer({ min: 0, max: 2000 }),
  );
  const inputs: fc.Arbitrary<Inputs> = fc.record({
    // Ages are measured to the microsecond (extract(epoch …) of an interval), a few seconds negative at worst.
    ageHours: fc.oneof(
      fc.integer({ min: 0, max: 3000 }),
      fc.integer({ min: -10 * 3.6e9, max: 5000 * 3.6e9 }).map((us) => us / 3.6e9),
    ),
    slaHours: sla,
    supporters: fc.integer({ min: 0, max: 12 }),
    nearbyOpen: fc.integer({ min: 0, max: 6 }),
  });

  it('gives the score of suggestPriority for edge cases and 3,000 generated tickets', async () => {
    const edges: Inputs[] = [
      { ageHours: 0, slaHours: 0, supporters: 0, nearbyOpen: 0 },
      { ageHours: -5, slaHours: 24, supporters: 0, nearbyOpen: 0 },
      { ageHours: 24, slaHours: 24, supporters: 5, nearbyOpen: 3 },
      { ageHours: 36, slaHours: 24, supporters: 6, nearbyOpen: 4 },
      { ageHours: 10_000, slaHours: 24, supporters: 50, nearbyOpen: 50 },
      { ageHours: 84, slaHours: 168, supporters: 2, nearbyOpen: 1 },
      { ageHours: 0.05, slaHours: 3, supporters: 0, nearbyOpen: 0 },
      { ageHours: 1 / 3, slaHours: 73, supporters: 1, nearbyOpen: 2 },
      { ageHours: 200, slaHours: 169, supporters: 0, nearbyOpen: 0 },
    ];
    const all = [...edges, ...fc.sample(inputs, { numRuns: 3000, seed: 35 })];
    const expected = all.map((x) => suggestPriority(x).score);
    expect(await sqlScores(all)).toEqual(expected);
  });

  it('agrees on any input fast-check finds', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(inputs, { minLength: 1, maxLength: 50 }), async (batch) => {
        expect(await sqlScores(batch)).toEqual(batch.map((x) => suggestPriority(x).score));
      }),
      { numRuns: 40 },
    );
  });
});
