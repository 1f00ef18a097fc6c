// Photos no report used are deleted by the periodic job after their comune's
// retention.unlinkedUploadHours (else UPLOAD_UNLINKED_TTL_HOURS); photos of a report stay however old.
// Time is moved by writing rows with an old created_at.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  cleanUnlinkedAttachments,
  startAttachmentCleaner,
} from '../../server/db/attachment-cleaner.js';
import { runRetention } from '../../server/services/retention.service.js';
import { uploadRetentionOfComuni } from '../../server/services/retention-job.js';
import { categoryId, reportInput, streetPoint, submit } from '../helpers/citizen.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';
import { startTestApp, type TestApp } from '../helpers/graphql.js';
import { addSecondComune } from '../helpers/second-comune.js';

describe('unused photo cleanup', () => {
  let db: TestDatabase;
  let app: TestApp;
  let ticketId: number;

  /** A photo row created `hoursAgo` hours ago, linked to the test ticket or not (of a comune). */
  async function photo(hoursAgo: number, linked: boolean, m = db.municipality.id): Promise<string> {
    const id = randomUUID();
    await db.pool.query(
      `insert into attachment (municipality_id, id, ticket_id, content_type, size_bytes, width, height, bytes, created_at)
       values ($1, $2, $3, 'image/png', 1, 1, 1, '\\x00', now() - make_interval(hours => $4))`,
      [m, id, linked ? ticketId : null, hoursAgo],
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
      async () => [{ id: db.municipality.id, ttlHours: 24 }],
      { everySeconds: 1 },
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

  it('each comune’s own unlinkedUploadHours drives the cleaner and the retention job; without one, UPLOAD_UNLINKED_TTL_HOURS', async () => {
    const b = await addSecondComune(db);
    const setHours = (m: number, hours: number | null) =>
      db.pool.query(
        `update municipality set settings = case when $2::int is null then settings - 'retention'
           else jsonb_set(settings, '{retention}', jsonb_build_object('unlinkedUploadHours', $2::int)) end
         where id = $1`,
        [m, hours],
      );
    try {
      await db.pool.query('delete from attachment where ticket_id is null');
      await setHours(db.municipality.id, 72);
      await setHours(b.municipality.id, 2);
      expect(
        (await uploadRetentionOfComuni(db.pool, db.config)).filter((c) =>
          [db.municipality.id, b.municipality.id].includes(c.id),
        ),
      ).toEqual(
        [
          { id: db.municipality.id, ttlHours: 72 },
          { id: b.municipality.id, ttlHours: 2 },
        ].sort((x, y) => x.id - y.id),
      );
      // 30 hours old: past the deployment's 24, within A's 72; 3 hours old: past B's 2.
      const aKept = await photo(30, false);
      const aGone = await photo(73, false);
      const bGone = await photo(3, false, b.municipality.id);
      const bKept = await photo(1, false, b.municipality.id);
      const logs: string[] = [];
      const cleaner = startAttachmentCleaner(
        db.pool,
        () => uploadRetentionOfComuni(db.pool, db.config),
        { everySeconds: 1 },
        { info: (m) => logs.push(m), warn: (m) => logs.push(`warn ${m}`) },
      );
      try {
        for (let i = 0; i < 50 && (await existing([aGone, bGone])).length > 0; i++)
          await new Promise((resolve) => setTimeout(resolve, 100));
      } finally {
        await cleaner.stop();
      }
      expect(await existing([aKept, aGone, bGone, bKept])).toEqual([aKept, bKept].sort());
      expect(logs.sort()).toEqual([
        'Deleted 1 photos no report used within 2 h',
        'Deleted 1 photos no report used within 72 h',
      ]);

      // The retention job reads the same hours, comune by comune.
      const aLater = await photo(73, false);
      const bLater = await photo(3, false, b.municipality.id);
      const a = (
        await db.pool.query('select * from municipality where id = $1', [db.municipality.id])
      ).rows[0];
      const bRow = (
        await db.pool.query('select * from municipality where id = $1', [b.municipality.id])
      ).rows[0];
      expect(
        (await runRetention(db.pool, db.config, { ...db.municipality, settings: a.settings }))
          .unlinkedUploads,
      ).toBe(1);
      expect(
        (await runRetention(db.pool, db.config, { ...b.municipality, settings: bRow.settings }))
          .unlinkedUploads,
      ).toBe(1);
      expect(await existing([aKept, bKept, aLater, bLater])).toEqual([aKept, bKept].sort());

      // A comune with no setting of its own: the deployment's UPLOAD_UNLINKED_TTL_HOURS (24).
      await setHours(db.municipality.id, null);
      const stale = await photo(25, false);
      const bDefault = await uploadRetentionOfComuni(db.pool, db.config);
      expect(bDefault.find((c) => c.id === db.municipality.id)?.ttlHours).toBe(24);
      expect(
        await cleanUnlinkedAttachments(db.pool, db.municipality.id, 24),
      ).toBeGreaterThanOrEqual(1);
      expect(await existing([stale])).toEqual([]);
    } finally {
      await setHours(db.municipality.id, null);
    }
  });
});
