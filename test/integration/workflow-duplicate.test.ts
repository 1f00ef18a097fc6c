// markDuplicate: followers move to the original with nobody counted twice; both timelines record it;
// citizens are told which code to follow; joining the duplicate afterwards points to the original.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Viewer } from '../../server/domain/viewer.js';
import type { OutboxSender } from '../../server/mail/outbox-sender.js';
import type { TestDatabase } from '../helpers/database.js';
import type { TestSmtp } from '../helpers/smtp.js';
import { startWorkflowFixture, type WorkflowFixture } from '../helpers/workflow-fixture.js';
import { errorCode, insertTicket } from '../helpers/staff-fixtures.js';

let fixture: WorkflowFixture;
let db: TestDatabase;
let smtp: TestSmtp;
let sender: OutboxSender;
let gql: WorkflowFixture['gql'];
let operator: Viewer;

beforeAll(async () => {
  fixture = await startWorkflowFixture();
  ({ db, smtp, sender, gql, operator } = fixture);
});
afterAll(() => fixture?.close());

const MARK = `mutation($id: ID!, $o: ID!, $v: Int! = 1) { markDuplicate(id: $id, version: $v, originalId: $o, note: "Stessa buca") {
  ticket { status duplicateOfCode closedAt } } }`;

/** The original's followers as stored, and its counter, which must always equal their number. */
async function followersOf(id: string | number) {
  const { rows } = await db.pool.query<{ email_key: string; source: string }>(
    'select email_key, source from ticket_supporter where ticket_id = $1 order by email_key',
    [id],
  );
  const {
    rows: [t],
  } = await db.pool.query<{ supporters_count: number }>(
    'select supporters_count from ticket where id = $1',
    [id],
  );
  expect(t.supporters_count).toBe(rows.length);
  return rows;
}

describe('markDuplicate', () => {
  it('moves reporter and supporters to the original without double counting, and records it on both timelines', async () => {
    const original = await insertTicket(db, {
      reporter: { email: 'anna@example.org' },
      supporters: [{ email: 'bruno@example.org' }, { email: 'carla@example.org' }],
    });
    const duplicate = await insertTicket(db, {
      // Bruno already supports the original (other case); Anna reported the original; Dario is new.
      reporter: { email: 'Bruno@Example.org', locale: 'it' },
      supporters: [{ email: 'anna@example.org' }, { email: 'dario@example.org', locale: 'en' }],
    });
    const r = await gql(operator, MARK, { id: String(duplicate.id), o: String(original.id) });
    expect(r.errors).toBeUndefined();
    expect(r.data!.markDuplicate).toMatchObject({
      ticket: { status: 'DUPLICATE', duplicateOfCode: original.code },
    });

    expect(await followersOf(original.id)).toEqual([
      { email_key: 'bruno@example.org', source: 'join' },
      { email_key: 'carla@example.org', source: 'join' },
      { email_key: 'dario@example.org', source: 'merged' },
    ]);
    const counts = await db.pool.query(
      'select id, supporters_count, version, status, duplicate_of from ticket where id = any($1) order by id',
      [[original.id, duplicate.id]],
    );
    expect(counts.rows[0]).toMatchObject({
      supporters_count: 3,
      version: 2,
      status: 'received',
      duplicate_of: null,
    });
    expect(counts.rows[1]).toMatchObject({
      status: 'duplicate',
      duplicate_of: original.id,
      version: 2,
    });

    const events = await db.pool.query(
      `select ticket_id, kind, after from ticket_event where ticket_id = any($1) and kind <> 'note' order by id`,
      [[original.id, duplicate.id]],
    );
    const internal = await db.pool.query(
      `select note, public from ticket_event where ticket_id = $1 and kind = 'note'`,
      [duplicate.id],
    );
    expect(internal.rows).toEqual([{ note: 'Stessa buca', public: false }]);
    expect(events.rows).toEqual([
      {
        ticket_id: duplicate.id,
        kind: 'duplicate',
        after: {
          status: 'duplicate',
          version: 2,
          duplicateOf: original.id,
          duplicateOfCode: original.code,
        },
      },
      {
        ticket_id: original.id,
        kind: 'merged',
        after: {
          version: 2,
          duplicateId: duplicate.id,
          duplicateCode: duplicate.code,
          addedSupporters: 1,
          supportersCount: 3,
        },
      },
    ]);

    // The duplicate's followers (Bruno, Anna, Dario) are told where to follow, each in their language.
    while ((await sender.runOnce()) > 0);
    const mails = await smtp.waitFor(3, (m) => m.subject.includes(duplicate.code));
    expect(
      mails
        .flatMap((m) => m.to)
        .map((a) => a.toLowerCase())
        .sort(),
    ).toEqual(['anna@example.org', 'bruno@example.org', 'dario@example.org']);
    for (const m of mails) expect(m.decoded).toContain(original.code);
    expect(mails.find((m) => m.to.includes('dario@example.org'))!.subject).toContain('merged into');

    // Marking again with the version the duplicate has now is an illegal transition (it is already a
    // duplicate), and with the version it had is a stale write; neither touches the original.
    const current = { id: String(duplicate.id), o: String(original.id), v: 2 };
    expect(errorCode(await gql(operator, MARK, current))).toBe('INVALID_TRANSITION');
    expect(errorCode(await gql(operator, MARK, { ...current, v: 1 }))).toBe('CONFLICT');
    expect(await followersOf(original.id)).toHaveLength(3);

    // A second duplicate whose people are already followers (Dario merged, Carla joined, Anna the
    // reporter) adds only Elena, the one new person.
    const second = await insertTicket(db, {
      reporter: { email: 'dario@example.org' },
      supporters: [
        { email: 'CARLA@example.org' },
        { email: 'anna@example.org' },
        { email: 'elena@example.org' },
      ],
    });
    const merged = await gql(operator, MARK, {
      id: String(second.id),
      o: String(original.id),
      v: 1,
    });
    expect(merged.errors).toBeUndefined();
    expect(await followersOf(original.id)).toEqual([
      { email_key: 'bruno@example.org', source: 'join' },
      { email_key: 'carla@example.org', source: 'join' },
      { email_key: 'dario@example.org', source: 'merged' },
      { email_key: 'elena@example.org', source: 'merged' },
    ]);
    const {
      rows: [event],
    } = await db.pool.query<{ after: { addedSupporters: number; supportersCount: number } }>(
      `select after from ticket_event where ticket_id = $1 and kind = 'merged' order by id desc limit 1`,
      [original.id],
    );
    expect(event.after).toMatchObject({ addedSupporters: 1, supportersCount: 4 });
  });

  it('makes joining the duplicate answer TICKET_CLOSED with the original code', async () => {
    const original = await insertTicket(db);
    const duplicate = await insertTicket(db);
    expect(
      (await gql(operator, MARK, { id: String(duplicate.id), o: String(original.id) })).errors,
    ).toBeUndefined();
    const join = await gql(
      null,
      'mutation($c: String!) { joinReport(code: $c, email: "nuovo@example.org") { status } }',
      { c: duplicate.code },
    );
    expect(errorCode(join)).toBe('TICKET_CLOSED');
    expect(join.errors![0].extensions!.originalCode).toBe(original.code);
    expect(join.errors![0].message).toContain(original.code);
  });

  it('refuses a closed original, itself as original, and an original of another office', async () => {
    const closed = await insertTicket(db);
    await db.pool.query(`update ticket set status = 'resolved' where id = $1`, [closed.id]);
    const t = await insertTicket(db);
    expect(
      (await gql(operator, MARK, { id: String(t.id), o: String(closed.id) })).errors![0].extensions,
    ).toMatchObject({ code: 'BAD_USER_INPUT', field: 'originalId' });
    expect(
      (await gql(operator, MARK, { id: String(t.id), o: String(t.id) })).errors![0].extensions,
    ).toMatchObject({ code: 'BAD_USER_INPUT', field: 'originalId' });
    const other = await insertTicket(db, { category: 'segnaletica' });
    expect(errorCode(await gql(operator, MARK, { id: String(t.id), o: String(other.id) }))).toBe(
      'FORBIDDEN',
    );
    const { rows } = await db.pool.query('select status, version from ticket where id = $1', [
      t.id,
    ]);
    expect(rows[0]).toEqual({ status: 'received', version: 1 });
  });
});
