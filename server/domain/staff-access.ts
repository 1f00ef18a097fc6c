// Who may do what with tickets and tokens. The services call these before touching anything, so a
// resolver that forgets a check still cannot leak or change another office's ticket.
//   operator — reads and works the tickets of the offices it belongs to (staff_office)
//   planner  — reads every ticket for analysis, never the reporter's contact, changes nothing
//   admin    — everything
import { AppError } from './app-error.js';
import { requireRole, requireStaff, type StaffRole, type Viewer } from './viewer.js';

/**
 * API token scopes. A login session or JWT carries all the rights of the role (scopes = null).
 * `tokens:manage` lets a token list and revoke its owner's tokens; without it a token cannot touch them.
 * `webhooks:manage` lets an admin's token register and run the comune's webhooks (they carry every
 * office's tickets, so only admins hold it).
 */
export const STAFF_SCOPES = [
  'tickets:read',
  'tickets:write',
  'analytics:read',
  'admin',
  'tokens:manage',
  'webhooks:manage',
] as const;
export type StaffScope = (typeof STAFF_SCOPES)[number];

/** The scopes a role may put on its own tokens. */
export const ROLE_SCOPES: Readonly<Record<StaffRole, readonly StaffScope[]>> = {
  operator: ['tickets:read', 'tickets:write', 'tokens:manage'],
  planner: ['tickets:read', 'analytics:read', 'tokens:manage'],
  admin: STAFF_SCOPES,
};

export function isStaffScope(value: unknown): value is StaffScope {
  return typeof value === 'string' && (STAFF_SCOPES as readonly string[]).includes(value);
}

export const READ_ROLES: readonly StaffRole[] = ['operator', 'planner', 'admin'];
export const WRITE_ROLES: readonly StaffRole[] = ['operator', 'admin'];
export const ANALYTICS_ROLES: readonly StaffRole[] = ['planner', 'admin'];

function officeDenied(): AppError {
  return new AppError('FORBIDDEN', 'Questa segnalazione è assegnata a un altro ufficio.');
}

/** May this viewer read tickets at all, and this office's tickets in particular? */
export function requireTicketRead(viewer: Viewer | null | undefined, officeId?: number): Viewer {
  const staff = requireRole(viewer, READ_ROLES, 'tickets:read');
  if (officeId !== undefined && staff.role === 'operator' && !staff.officeIds.includes(officeId))
    throw officeDenied();
  return staff;
}

/** May this viewer change tickets of this office? */
export function requireTicketWrite(viewer: Viewer | null | undefined, officeId?: number): Viewer {
  const staff = requireRole(viewer, WRITE_ROLES, 'tickets:write');
  if (officeId !== undefined && staff.role === 'operator' && !staff.officeIds.includes(officeId))
    throw officeDenied();
  return staff;
}

/** True when requireTicketWrite(viewer, officeId) would pass (for showing what a viewer may do). */
export function canWriteTicket(viewer: Viewer, officeId: number): boolean {
  if (!WRITE_ROLES.includes(viewer.role)) return false;
  if (viewer.scopes && !viewer.scopes.includes('tickets:write')) return false;
  return viewer.role !== 'operator' || viewer.officeIds.includes(officeId);
}

/** The reporter's contact: operators of the ticket's office and admins, never planners. */
export function canSeeReporter(viewer: Viewer, officeId: number): boolean {
  if (viewer.scopes && !viewer.scopes.includes('tickets:read')) return false;
  if (viewer.role === 'admin') return true;
  return viewer.role === 'operator' && viewer.officeIds.includes(officeId);
}

/** Offices an inbox may show: an operator's own (narrowed by the filter), anyone else's filter as is. */
export function visibleOfficeIds(
  viewer: Viewer,
  requested: number[] | undefined,
): number[] | undefined {
  if (viewer.role !== 'operator') return requested;
  if (!requested?.length) return viewer.officeIds;
  return requested.filter((id) => viewer.officeIds.includes(id));
}

export function requireAdmin(viewer: Viewer | null | undefined): Viewer {
  return requireRole(viewer, ['admin'], 'admin');
}

/** Planning analytics and exports: planners and admins, tokens with analytics:read. */
export function requireAnalyticsRead(viewer: Viewer | null | undefined): Viewer {
  return requireRole(viewer, ANALYTICS_ROLES, 'analytics:read');
}

/** Listing and revoking API tokens: a login session or JWT, or a token with tokens:manage. */
export function requireTokenManagement(viewer: Viewer | null | undefined): Viewer {
  return requireRole(viewer, READ_ROLES, 'tokens:manage');
}

/** The comune's webhooks: admins, through a session or a token with webhooks:manage. */
export function requireWebhookManagement(viewer: Viewer | null | undefined): Viewer {
  return requireRole(viewer, ['admin'], 'webhooks:manage');
}

/**
 * Creating API tokens: a login session or JWT only. A token cannot mint more tokens, whatever its
 * scopes: the new one would outlive the revocation of a leaked one.
 */
export function requireLoginSession(viewer: Viewer | null | undefined): Viewer {
  const staff = requireStaff(viewer);
  if (staff.tokenId !== undefined || staff.scopes !== null)
    throw new AppError(
      'FORBIDDEN',
      'Un token API non può creare altri token: accedi con e-mail e password.',
    );
  return staff;
}

/**
 * The rules a GraphQL operation names in `@Authorized(...)`, each the same function its service calls,
 * so the schema refuses a caller before the resolver runs and the service refuses it again.
 */
export const ACCESS_RULES = {
  'tickets:read': (viewer) => requireTicketRead(viewer),
  'tickets:write': (viewer) => requireTicketWrite(viewer),
  'analytics:read': requireAnalyticsRead,
  admin: requireAdmin,
  'tokens:manage': requireTokenManagement,
  'webhooks:manage': requireWebhookManagement,
  session: requireLoginSession,
} as const satisfies Record<string, (viewer: Viewer | null | undefined) => Viewer>;
export type AccessRule = keyof typeof ACCESS_RULES;

export function isAccessRule(value: unknown): value is AccessRule {
  return typeof value === 'string' && Object.hasOwn(ACCESS_RULES, value);
}

/** Scopes asked for a new token must be known and allowed for the role. */
export function validateScopes(role: StaffRole, scopes: readonly string[]): StaffScope[] {
  const allowed = ROLE_SCOPES[role];
  const unique = [...new Set(scopes)];
  for (const scope of unique) {
    if (!isStaffScope(scope) || !allowed.includes(scope)) {
      throw new AppError(
        'BAD_USER_INPUT',
        `Ambito non consentito: "${scope}". Ammessi: ${allowed.join(', ')}.`,
        { field: 'scopes', allowed },
      );
    }
  }
  if (!unique.length)
    throw new AppError('BAD_USER_INPUT', 'Indica almeno un ambito.', { field: 'scopes', allowed });
  return unique as StaffScope[];
}

export const MIN_PASSWORD_LENGTH = 10;

export function validatePassword(password: string): void {
  if (password.length < MIN_PASSWORD_LENGTH) {
    throw new AppError(
      'BAD_USER_INPUT',
      `La password deve avere almeno ${MIN_PASSWORD_LENGTH} caratteri.`,
      { field: 'password' },
    );
  }
}
