// Photos no report used are deleted after UPLOAD_UNLINKED_TTL_HOURS by the periodic job; photos of a
// report stay however old. Time is moved by writing rows with an old created_at.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  cleanUnlinkedAttachments,
  startAttachmentCleaner,
} from '../../server/db/attachment-cleaner.js';
import { categoryId, reportInput, streetPoint, submit } from '../helpers/citizen.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';
import { startTestApp, type TestApp } from '../helpers/graphql.js';

describe('unused photo cleanup', () => {
  let db: TestDatabase;
  let app: TestApp;
  let ticketId: number;

  /** A photo row created `hoursAgo` hours ago, linked to the test ticket or not. */
  async function photo(hoursAgo: number, linked: boolean): Promise<string> {
    const id = randomUUID();
    await db.pool.query(
      `insert into attachment (municipality_id, id, ticket_id, content_type, size_bytes, width, height, bytes, created_at)
       values ($1, $2, $3, 'image/png', 1, 1, 1, '\\x00', now() - make_interval(hours => $4))`,
      [db.municipality.id, id, linked ? ticketId : null, hoursAgo],
    );
    return id;
  }

  async function existing(ids: string[]): Promise<string[]> {
    const { rows } = await db.pool.query<{ id: string }>(
      'select id from attachment where id = any($1::uuid[]) order by id',
      [ids],
    );
    return rows.map((r) => r.id);
  }

  beforeAll(async () => {
    db = await createTestDatabase();
    app = await startTestApp(db.services);
    const r = await submit(
      app,
      reportInput(await categoryId(db, 'buca_stradale'), await streetPoint(db, 2)),
    );
    expect(r.errors).toBeUndefined();
    const { rows } = await db.pool.query('select id from ticket where code = $1', [
      r.data!.submitReport.ticket.code,
    ]);
    ticketId = rows[0].id;
  });

  afterAll(async () => {
    await app?.close();
    await db?.close();
  });

  it('the job deletes unlinked photos older than the TTL, keeps the rest, logs a count, and stops', async () => {
    const oldLinked = await photo(24 * 30, true);
    const oldUnlinked = await photo(25, false);
    const freshUnlinked = await photo(23, false);
    const logs: string[] = [];
    const log = { info: (m: string) => logs.push(m), warn: (m: string) => logs.push(`warn ${m}`) };
    const cleaner = startAttachmentCleaner(
      db.pool,
      db.municipality.id,
      { everySeconds: 1, ttlHours: 24 },
      log,
    );
    try {
      for (let i = 0; i < 50 && (await existing([oldUnlinked])).length > 0; i++)
        await new Promise((resolve) => setTimeout(resolve, 100));
    } finally {
      await cleaner.stop();
    }
    expect(await existing([oldLinked, oldUnlinked, freshUnlinked])).toEqual(
      [oldLinked, freshUnlinked].sort(),
    );
    expect(logs).toEqual(['Deleted 1 photos no report used within 24 h']);

    // Stopped: no further round runs.
    const late = await photo(48, false);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(await existing([late])).toEqual([late]);
    expect(logs).toHaveLength(1);
    expect(await cleanUnlinkedAttachments(db.pool, db.municipality.id, 24)).toBe(1);
  });

  it('a backlog larger than one delete batch goes in one round', async () => {
    await db.pool.query(
      `insert into attachment (municipality_id, id, content_type, size_bytes, width, height, bytes, created_at)
       select $1, gen_random_uuid(), 'image/png', 1, 1, 1, '\\x00', now() - interval '3 days'
       from generate_series(1, 1203)`,
      [db.municipality.id],
    );
    expect(await cleanUnlinkedAttachments(db.pool, db.municipality.id, 24)).toBe(1203);
    const { rows } = await db.pool.query(
      'select count(*)::int as n from attachment where ticket_id is null and created_at < now() - interval $$24 hours$$',
    );
    expect(rows[0].n).toBe(0);
  });
});
