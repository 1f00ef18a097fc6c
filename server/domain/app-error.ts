// Every error a client may see carries one of these codes (GraphQL `extensions.code`).
// format-error.ts passes these through and hides anything else behind INTERNAL_SERVER_ERROR.

export const ERROR_CODES = [
  'BAD_USER_INPUT',
  'NOT_FOUND',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'CONFLICT',
  'OUTSIDE_MUNICIPALITY',
  /** The point is in another comune this deployment serves: extensions.municipality { istatCode name url }. */
  'OTHER_MUNICIPALITY',
  /** The comune of the URL or host is served here but closed (municipality.enabled = false). */
  'MUNICIPALITY_DISABLED',
  'RATE_LIMITED',
  /** Too much work already queued (e.g. photos waiting to be decoded): retry after `retryAfterSeconds`. */
  'SERVER_BUSY',
  /** The database is switching to a standby or unreachable: retry after `retryAfterSeconds`. */
  'SERVICE_UNAVAILABLE',
  'TICKET_CLOSED',
  'INVALID_TRANSITION',
  'INVALID_CURSOR',
  /** A reporter's link token ("non è risolto", "com'è andata?") that is not the one mailed for this report. */
  'INVALID_TOKEN',
  /** The report is not resolved, or was resolved more than 30 days ago: its outcome can no longer be answered. */
  'FEEDBACK_CLOSED',
  /** Answered already: a second rating, or a "non è risolto" while one waits for the office. */
  'ALREADY_ANSWERED',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/** An expected failure with a client-facing code, an Italian message and optional details (e.g. field). */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'AppError';
  }
}

/** Bad input on one named field; the field name travels in extensions.field. */
export function badInput(field: string, message: string): AppError {
  return new AppError('BAD_USER_INPUT', message, { field });
}
