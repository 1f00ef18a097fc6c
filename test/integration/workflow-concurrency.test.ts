// Two operators change one ticket at once from the same version: one wins, the other gets CONFLICT,
// and the history holds exactly one change.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Viewer } from '../../server/domain/viewer.js';
import { buildSegnalaSchema } from '../../server/graphql/build-schema.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';
import { createGql, createStaff, errorCode, insertTicket } from '../helpers/staff-fixtures.js';

let db: TestDatabase;
let gql: ReturnType<typeof createGql>;
let first: Viewer;
let second: Viewer;

beforeAll(async () => {
  db = await createTestDatabase();
  gql = createGql(db, await buildSegnalaSchema());
  first = await createStaff(db, 'primo@example.org', 'operator', ['lavori_pubblici']);
  second = await createStaff(db, 'secondo@example.org', 'operator', ['lavori_pubblici']);
});
afterAll(async () => {
  await db?.close();
});

describe('concurrent changes', () => {
  it('lets one of two simultaneous changes win and answers CONFLICT to the other', async () => {
    for (let round = 0; round < 3; round++) {
      const t = await insertTicket(db);
      const [a, b] = await Promise.all([
        gql(
          first,
          'mutation($id: ID!) { acknowledgeTicket(id: $id, version: 1, note: "primo") { ticket { version } } }',
          { id: String(t.id) },
        ),
        gql(
          second,
          'mutation($id: ID!) { startWork(id: $id, version: 1, note: "secondo") { ticket { version } } }',
          { id: String(t.id) },
        ),
      ]);
      const codes = [errorCode(a), errorCode(b)];
      expect(codes.filter((c) => c === undefined)).toHaveLength(1);
      expect(codes.filter((c) => c === 'CONFLICT')).toHaveLength(1);
      const loser = codes[0] === 'CONFLICT' ? a : b;
      expect(loser.errors![0].message).toMatch(/modificata da qualcun altro/);
      // The winner's phase event and its internal note; nothing of the loser.
      const notes = await db.pool.query(
        `select note from ticket_event where ticket_id = $1 and kind = 'note'`,
        [t.id],
      );
      expect(notes.rows).toEqual([{ note: codes[0] === undefined ? 'primo' : 'secondo' }]);
      const { rows } = await db.pool.query(
        `select kind, before, after from ticket_event where ticket_id = $1 and kind <> 'note'`,
        [t.id],
      );
      expect(rows).toHaveLength(1);
      expect(rows[0].before.version).toBe(1);
      expect(rows[0].after.version).toBe(2);
      const state = await db.pool.query('select version from ticket where id = $1', [t.id]);
      expect(state.rows[0].version).toBe(2);
      const audit = await db.pool.query(
        `select count(*)::int as n from audit_log where target = $1`,
        [`ticket:${t.id}`],
      );
      expect(audit.rows[0].n).toBe(1);
    }
  });

  it('answers CONFLICT with the current version to a change based on a stale one', async () => {
    const t = await insertTicket(db);
    await gql(
      first,
      'mutation($id: ID!) { setPriority(id: $id, version: 1, priority: 2) { ticket { version } } }',
      { id: String(t.id) },
    );
    const stale = await gql(
      second,
      'mutation($id: ID!) { setPriority(id: $id, version: 1, priority: 4) { ticket { version } } }',
      { id: String(t.id) },
    );
    expect(stale.errors![0].extensions).toEqual({ code: 'CONFLICT', currentVersion: 2 });
    const { rows } = await db.pool.query('select priority, version from ticket where id = $1', [
      t.id,
    ]);
    expect(rows[0]).toEqual({ priority: 2, version: 2 });
  });
});
