// Demo accounts, created only on a database made by the demo seed (municipality.demo = true), all with
// the password from SEGNALA_DEMO_PASSWORD (default "segnala-demo"); start.ts prints a warning.
import type pg from 'pg';
import { loadConfig } from '../server/config.js';
import { findStaffByEmail, isDemoMunicipality } from '../server/db/staff.queries.js';
import type { StaffRole } from '../server/domain/viewer.js';
import { AuthService } from '../server/services/auth.service.js';

export const DEMO_STAFF: readonly {
  email: string;
  name: string;
  role: StaffRole;
  officeCodes: string[];
}[] = [
  { email: 'admin@seravezza.demo', name: 'Amministratore demo', role: 'admin', officeCodes: [] },
  {
    email: 'tecnico@seravezza.demo',
    name: 'Tecnico demo (Lavori Pubblici)',
    role: 'operator',
    officeCodes: ['lavori_pubblici'],
  },
  {
    email: 'polizia@seravezza.demo',
    name: 'Agente demo (Polizia Municipale)',
    role: 'operator',
    officeCodes: ['polizia_municipale'],
  },
  { email: 'planner@seravezza.demo', name: 'Pianificatore demo', role: 'planner', officeCodes: [] },
];

/** Creates the demo accounts (idempotent). Does nothing unless the municipality is a demo one. */
export async function seedDemoStaff(
  pool: pg.Pool,
  municipalityId: number,
  log: (message: string) => void = () => undefined,
): Promise<number> {
  const demo = await isDemoMunicipality(pool, municipalityId);
  if (!demo?.demo) return 0;
  const config = loadConfig();
  const auth = new AuthService(pool, config, municipalityId);
  let created = 0;
  for (const staff of DEMO_STAFF) {
    // An existing account keeps its password: a re-run of the seed never resets what someone changed.
    if (await findStaffByEmail(pool, municipalityId, staff.email)) continue;
    await auth.upsertStaffUser({ ...staff, password: config.demoPassword });
    created += 1;
  }
  if (created)
    log(`Seed: ${created} account dimostrativi (${DEMO_STAFF.map((s) => s.email).join(', ')}).`);
  return created;
}
