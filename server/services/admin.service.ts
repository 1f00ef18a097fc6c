// Admins manage staff accounts, offices and categories (SLA target, duplicate radius, routing).
// SLA changes apply to reports filed afterwards: due_at is fixed when a report arrives.
import type pg from 'pg';
import {
  insertStaffUser,
  listStaff,
  revokeStaffCredentials,
  setStaffDisabled,
  updateCategoryRow,
  updateOfficeRow,
  updateStaffProfile,
  type StaffListRow,
} from '../db/admin.queries.js';
import { insertAudit } from '../db/audit.queries.js';
import { findCategory, type CategoryRow } from '../db/category.queries.js';
import { findOffice, findOfficesByIds, type OfficeRow } from '../db/office.queries.js';
import { withTransaction } from '../db/pool.js';
import { setStaffOffices } from '../db/staff.queries.js';
import { AppError, badInput } from '../domain/app-error.js';
import { validateEmail } from '../domain/email.js';
import { requireAdmin, validatePassword } from '../domain/staff-access.js';
import type { StaffRole, Viewer } from '../domain/viewer.js';
import { hashPassword } from './password.js';

export interface StaffUserInput {
  id?: number;
  email: string;
  name: string;
  role: StaffRole;
  officeIds: number[];
  password?: string | null;
}

export class AdminService {
  constructor(
    private readonly pool: pg.Pool,
    private readonly municipalityId: number,
  ) {}

  staffUsers(viewer: Viewer | null): Promise<StaffListRow[]> {
    requireAdmin(viewer);
    return listStaff(this.pool, this.municipalityId);
  }

  async saveStaffUser(
    viewer: Viewer | null,
    input: StaffUserInput,
    address?: string,
  ): Promise<StaffListRow> {
    const admin = requireAdmin(viewer);
    const email = validateEmail(input.email);
    if (input.role === 'operator' && !input.officeIds.length)
      throw badInput('officeIds', 'Un operatore deve appartenere ad almeno un ufficio.');
    if (input.id === undefined && !input.password)
      throw badInput('password', 'Serve una password per il nuovo account.');
    if (input.password) validatePassword(input.password);
    const hash = input.password ? await hashPassword(input.password) : null;
    const m = this.municipalityId;
    const id = await withTransaction(this.pool, async (tx) => {
      const offices = await findOfficesByIds(tx, m, input.officeIds);
      if (offices.length !== new Set(input.officeIds).size)
        throw badInput('officeIds', 'Ufficio sconosciuto.');
      let staffId = input.id;
      if (staffId === undefined) {
        const row = await insertStaffUser(tx, m, email, input.name, input.role, hash!);
        if (!row) throw badInput('email', `Esiste già un account ${email}.`);
        staffId = row.id;
      } else if (!(await updateStaffProfile(tx, m, staffId, input.name, input.role, hash))) {
        throw new AppError('NOT_FOUND', 'Account non trovato.');
      }
      await setStaffOffices(tx, m, staffId, input.officeIds);
      await insertAudit(tx, m, {
        actorStaffId: admin.staffId,
        action: 'staff.save',
        target: `staff:${staffId}`,
        address,
        details: {
          email,
          role: input.role,
          officeIds: input.officeIds,
          passwordChanged: hash !== null,
        },
      });
      return staffId;
    });
    return this.staffRow(id);
  }

  async setStaffUserDisabled(
    viewer: Viewer | null,
    id: number,
    disabled: boolean,
    address?: string,
  ): Promise<StaffListRow> {
    const admin = requireAdmin(viewer);
    if (id === admin.staffId && disabled)
      throw badInput('id', 'Non puoi disabilitare il tuo stesso account.');
    await withTransaction(this.pool, async (tx) => {
      if (!(await setStaffDisabled(tx, this.municipalityId, id, disabled)))
        throw new AppError('NOT_FOUND', 'Account non trovato.');
      if (disabled) await revokeStaffCredentials(tx, this.municipalityId, id);
      await insertAudit(tx, this.municipalityId, {
        actorStaffId: admin.staffId,
        action: disabled ? 'staff.disable' : 'staff.enable',
        target: `staff:${id}`,
        address,
      });
    });
    return this.staffRow(id);
  }

  async updateOffice(
    viewer: Viewer | null,
    id: number,
    o: { name: string | null; email: string | null; active: boolean | null },
    address?: string,
  ): Promise<OfficeRow> {
    const admin = requireAdmin(viewer);
    if (o.name !== null && !o.name.trim()) throw badInput('name', 'Il nome è vuoto.');
    const office = { ...o, email: o.email === null ? null : validateEmail(o.email) };
    await withTransaction(this.pool, async (tx) => {
      if (!(await updateOfficeRow(tx, this.municipalityId, id, office)))
        throw new AppError('NOT_FOUND', 'Ufficio non trovato.');
      await insertAudit(tx, this.municipalityId, {
        actorStaffId: admin.staffId,
        action: 'office.update',
        target: `office:${id}`,
        details: office,
        address,
      });
    });
    return (await findOffice(this.pool, this.municipalityId, id))!;
  }

  async updateCategory(
    viewer: Viewer | null,
    id: number,
    c: {
      slaHours: number | null;
      duplicateRadiusM: number | null;
      officeId: number | null;
      active: boolean | null;
    },
    address?: string,
  ): Promise<CategoryRow> {
    const admin = requireAdmin(viewer);
    if (
      c.slaHours !== null &&
      (!Number.isInteger(c.slaHours) || c.slaHours < 1 || c.slaHours > 8760)
    )
      throw badInput('slaHours', 'Lo SLA va da 1 a 8760 ore.');
    if (c.duplicateRadiusM !== null && !(c.duplicateRadiusM > 0 && c.duplicateRadiusM <= 1000))
      throw badInput('duplicateRadiusM', 'Il raggio va da 0 a 1000 metri.');
    await withTransaction(this.pool, async (tx) => {
      if (c.officeId !== null && !(await findOffice(tx, this.municipalityId, c.officeId)))
        throw badInput('officeId', 'Ufficio sconosciuto.');
      if (!(await updateCategoryRow(tx, this.municipalityId, id, c)))
        throw new AppError('NOT_FOUND', 'Categoria non trovata.');
      await insertAudit(tx, this.municipalityId, {
        actorStaffId: admin.staffId,
        action: 'category.update',
        target: `category:${id}`,
        details: c,
        address,
      });
    });
    return (await findCategory(this.pool, this.municipalityId, id))!;
  }

  private async staffRow(id: number): Promise<StaffListRow> {
    const row = (await listStaff(this.pool, this.municipalityId)).find((s) => s.id === id);
    if (!row) throw new AppError('NOT_FOUND', 'Account non trovato.');
    return row;
  }
}
