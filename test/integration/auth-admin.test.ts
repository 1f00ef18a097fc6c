// Admins manage accounts, offices and categories; a disabled account loses its sessions and tokens.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Viewer } from '../../server/domain/viewer.js';
import { buildSegnalaSchema } from '../../server/graphql/build-schema.js';
import { categoryId } from '../helpers/citizen.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';
import { createGql, createStaff, officeId } from '../helpers/staff-fixtures.js';

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

const SAVE = `mutation($input: StaffUserInput!) { saveStaffUser(input: $input) { id email role offices { code } disabledAt } }`;

describe('administration', () => {
  it('creates an operator, changes its offices, and disabling it ends its sessions and tokens at once', async () => {
    const lp = String(await officeId(db, 'lavori_pubblici'));
    const created = await gql(admin, SAVE, {
      input: {
        email: 'nuovo@example.org',
        role: 'OPERATOR',
        officeIds: [lp],
        password: 'password-iniziale',
      },
    });
    expect(created.errors).toBeUndefined();
    const account = created.data!.saveStaffUser as { id: string; offices: { code: string }[] };
    expect(account.offices).toEqual([{ code: 'lavori_pubblici' }]);
    const duplicate = await gql(admin, SAVE, {
      input: { email: 'NUOVO@example.org', role: 'PLANNER', password: 'password-iniziale' },
    });
    expect(duplicate.errors![0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'email',
    });
    const noOffice = await gql(admin, SAVE, {
      input: { id: account.id, email: 'nuovo@example.org', role: 'OPERATOR', officeIds: [] },
    });
    expect(noOffice.errors![0].extensions).toMatchObject({ field: 'officeIds' });

    const login = await db.services.auth.login(
      'nuovo@example.org',
      'password-iniziale',
      '127.0.0.1',
    );
    const { token } = await db.services.apiTokens.create(
      await db.services.auth.viewerForJwt(login.token),
      'x',
      ['tickets:read'],
      '127.0.0.1',
    );
    const disabled = await gql(
      admin,
      'mutation($id: ID!) { setStaffUserDisabled(id: $id, disabled: true) { disabledAt } }',
      { id: account.id },
    );
    expect(
      (disabled.data!.setStaffUserDisabled as { disabledAt: string | null }).disabledAt,
    ).not.toBeNull();
    expect(await db.services.auth.viewerForSession(login.sessionToken)).toBeNull();
    expect(await db.services.auth.viewerForJwt(login.token)).toBeNull();
    expect(await db.services.apiTokens.viewerForToken(token, '127.0.0.1')).toBeNull();
    await expect(
      db.services.auth.login('nuovo@example.org', 'password-iniziale', '127.0.0.1'),
    ).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    const self = await gql(
      admin,
      'mutation($id: ID!) { setStaffUserDisabled(id: $id, disabled: true) { id } }',
      { id: String(admin.staffId) },
    );
    expect(self.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
  });

  it("changes a category's SLA target and an office's address, with the audit log recording both", async () => {
    const id = await categoryId(db, 'buca_stradale');
    const r = await gql(
      admin,
      'mutation($id: ID!) { updateCategory(id: $id, slaHours: 72, duplicateRadiusM: 25) { slaHours duplicateRadiusM } }',
      { id },
    );
    expect(r.data).toEqual({ updateCategory: { slaHours: 72, duplicateRadiusM: 25 } });
    const bad = await gql(
      admin,
      'mutation($id: ID!) { updateCategory(id: $id, slaHours: 0) { slaHours } }',
      { id },
    );
    expect(bad.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'slaHours' });
    const o = await officeId(db, 'ambiente');
    const office = await gql(
      admin,
      'mutation($id: ID!) { updateOffice(id: $id, email: "ambiente@comune.example.it") { name } }',
      { id: String(o) },
    );
    expect(office.errors).toBeUndefined();
    const { rows } = await db.pool.query(
      `select action from audit_log where action in ('category.update', 'office.update') order by id`,
    );
    expect(rows.map((x) => x.action)).toEqual(['category.update', 'office.update']);
  });
});
