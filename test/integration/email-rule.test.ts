// One e-mail rule (server/domain/email.ts) for every address the system keeps: a reporter's or supporter's, a
// staff account's (admin page and `npm run user:add`) and an office's. Each door accepts exactly what it accepts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateEmail } from '../../server/domain/email.js';
import type { Viewer } from '../../server/domain/viewer.js';
import { buildSegnalaSchema } from '../../server/graphql/build-schema.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';
import { createGql, createStaff, officeId, TEST_PASSWORD } from '../helpers/staff-fixtures.js';

let db: TestDatabase;
let gql: ReturnType<typeof createGql>;
let admin: Viewer;

beforeAll(async () => {
  db = await createTestDatabase();
  gql = createGql(db, await buildSegnalaSchema());
  admin = await createStaff(db, 'admin@example.org', 'admin');
});
afterAll(async () => {
  await db?.close();
});

const ADDRESSES = [
  'ok.1@example.org',
  '  padded.2@example.org  ',
  'angle<3>@example.org',
  'short-tld.4@example.c',
  'semi;5@example.org',
  `${'l'.repeat(250)}.6@example.org`,
  'no-at.example.org',
  'sp ace@example.org',
];

function domainRule(address: string): string | null {
  try {
    return validateEmail(address);
  } catch {
    return null;
  }
}

describe('the e-mail rule', () => {
  it('the domain rule trims, and refuses header punctuation, one-letter top-level domains and overlong addresses', () => {
    expect(ADDRESSES.map(domainRule)).toEqual([
      'ok.1@example.org',
      'padded.2@example.org',
      null,
      null,
      null,
      null,
      null,
      null,
    ]);
  });

  it('saveStaffUser (admin page) accepts exactly the addresses of the domain rule, trimmed', async () => {
    for (const address of ADDRESSES) {
      const r = await gql(
        admin,
        `mutation($input: StaffUserInput!) { saveStaffUser(input: $input) { email } }`,
        { input: { email: address, role: 'PLANNER', password: TEST_PASSWORD } },
      );
      const expected = domainRule(address);
      if (expected) expect(r.data?.saveStaffUser, address).toEqual({ email: expected });
      else expect(r.errors?.[0].extensions, address).toMatchObject({ field: 'email' });
    }
  });

  it('upsertStaffUser (npm run user:add) accepts exactly the addresses of the domain rule, trimmed', async () => {
    for (const address of ADDRESSES) {
      const expected = domainRule(address)?.replace('@', '+cli@') ?? null;
      const input = { email: address.replace('@', '+cli@'), role: 'planner' as const };
      const saved = db.services.auth.upsertStaffUser({ ...input, password: TEST_PASSWORD });
      if (!expected) {
        await expect(saved, address).rejects.toMatchObject({ details: { field: 'email' } });
        continue;
      }
      const id = await saved;
      const { rows } = await db.pool.query('select email from staff_user where id = $1', [id]);
      expect(rows[0].email).toBe(expected);
    }
  });

  it('updateOffice accepts exactly the addresses of the domain rule and stores them trimmed', async () => {
    const id = String(await officeId(db, 'ambiente'));
    for (const address of ADDRESSES) {
      const r = await gql(
        admin,
        'mutation($id: ID!, $email: String) { updateOffice(id: $id, email: $email) { id } }',
        { id, email: address },
      );
      const expected = domainRule(address);
      if (!expected) {
        expect(r.errors?.[0].extensions, address).toMatchObject({ field: 'email' });
        continue;
      }
      expect(r.errors, address).toBeUndefined();
      const { rows } = await db.pool.query('select email from office where id = $1', [Number(id)]);
      expect(rows[0].email).toBe(expected);
    }
  });
});
