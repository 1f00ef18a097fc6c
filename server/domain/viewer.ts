// Who is asking: nobody (a citizen), or a staff member through a session, a bearer JWT or an API token.
import { AppError } from './app-error.js';

export type StaffRole = 'operator' | 'planner' | 'admin';

export interface Viewer {
  staffId: number;
  email: string;
  role: StaffRole;
  /** Offices an operator works for (empty for planners and admins, who are not bound to one). */
  officeIds: number[];
  /** API token scopes; null for a login session or JWT, which carry the role's full rights. */
  scopes: string[] | null;
  tokenId?: number;
  /**
   * Comuni whose analytics this planner may read besides its own (planner_grant, set by a platform
   * operator). Empty or absent: its own comune only.
   */
  grantedMunicipalityIds?: number[];
}

export function requireStaff(viewer: Viewer | null | undefined): Viewer {
  if (!viewer)
    throw new AppError('UNAUTHENTICATED', 'Accesso riservato al personale: effettua il login.');
  return viewer;
}

export function requireRole(
  viewer: Viewer | null | undefined,
  roles: readonly StaffRole[],
  scope?: string,
): Viewer {
  const staff = requireStaff(viewer);
  if (!roles.includes(staff.role))
    throw new AppError('FORBIDDEN', 'Il tuo ruolo non consente questa operazione.');
  if (scope && staff.scopes && !staff.scopes.includes(scope)) {
    throw new AppError('FORBIDDEN', `Il token non ha l'ambito "${scope}".`);
  }
  return staff;
}
