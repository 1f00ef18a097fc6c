// SEGNALA_TEST_COMUNE=046030 (a Tuscan ISTAT code): the integration tests run against a comune added
// by the code of `npm run comune:add` (seeds/comune.ts addComune: its real boundary, its ANNCSU street
// names with generated geometries, the template's offices, categories and settings, a first admin
// invited by mail) instead of the Seravezza seed. The template database gets the comune once (global
// setup), and every test file's config makes it the default comune (SEGNALA_MUNICIPALITY), so `/`,
// `/graphql`, db.municipality and db.services are that comune's. Seravezza stays in the database with
// its data, disabled as `npm run comune:disable` does, so that the root stays a one-comune deployment
// as the tests expect (with two enabled comuni, the root asks Open311 clients for jurisdiction_id).
// Not 046024 nor 046005, which tests add themselves (addSecondComune). Unset (CI): nothing changes.
// See docs/many-comuni.md, "Tests".
import type pg from 'pg';
import { addComune, setComuneEnabled } from '../../seeds/comune.js';
import type { Config } from '../../server/config.js';

/** The ISTAT code of the comune the tests run against in this mode, or undefined (Seravezza). */
export function testComune(): string | undefined {
  const istat = process.env.SEGNALA_TEST_COMUNE?.trim();
  return istat ? istat : undefined;
}

/** Adds the test comune to a freshly seeded template database, as `npm run comune:add` would. */
export async function onboardTestComune(
  pool: pg.Pool,
  config: Pick<Config, 'publicUrl' | 'mailFrom' | 'municipalityIstat'>,
): Promise<void> {
  const istat = testComune();
  if (!istat) return;
  const result = await addComune(pool, { istat, config, demoTickets: 0 });
  if (!result.created) throw new Error(`SEGNALA_TEST_COMUNE=${istat} was in the template already`);
  const { rows } = await pool.query<{ istat_code: string }>(
    'select istat_code from municipality where istat_code <> $1',
    [istat],
  );
  for (const other of rows) await setComuneEnabled(pool, other.istat_code, false);
  // Its first admin's invite is queued by comune:add; count it as delivered, so every test file starts,
  // as on Seravezza's seed, with nothing in the outbox (tests count the mails their own steps send).
  await pool.query(
    `update notification_outbox set sent_at = now()
     where municipality_id = $1 and kind = 'staff_invite' and sent_at is null`,
    [result.id],
  );
}

/** The address of one of the test comune's offices (Seravezza's: lavori.pubblici@seravezza.demo). */
export async function officeEmail(
  db: { pool: pg.Pool; municipality: { id: number } },
  code: string,
): Promise<string> {
  const { rows } = await db.pool.query<{ email: string }>(
    'select email from office where municipality_id = $1 and code = $2',
    [db.municipality.id, code],
  );
  if (!rows[0]) throw new Error(`no office ${code}`);
  return rows[0].email;
}

/** How many streets the test comune has (Seravezza's 302; a comune added by comune:add, its ANNCSU names). */
export async function streetCount(db: {
  pool: pg.Pool;
  municipality: { id: number };
}): Promise<number> {
  const { rows } = await db.pool.query<{ n: number }>(
    'select count(*)::int as n from street where municipality_id = $1',
    [db.municipality.id],
  );
  return rows[0].n;
}
