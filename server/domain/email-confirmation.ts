// What a link mailed to a citizen confirms, and for how long it holds (sql/055, email_confirmation).

export const CONFIRMATION_PURPOSES = [
  'join',
  'report',
  'alert',
  'data_copy',
  'erasure',
  'my_reports',
] as const;
export type ConfirmationPurpose = (typeof CONFIRMATION_PURPOSES)[number];

/** Hours a link holds: a held report must be confirmed before its photos would be cleaned away twice over. */
export const CONFIRMATION_TTL_HOURS: Record<ConfirmationPurpose, number> = {
  join: 72,
  report: 48,
  alert: 72,
  // The copy can be opened again (and downloaded as JSON) for a week.
  data_copy: 168,
  erasure: 72,
  // "Le mie segnalazioni": short-lived, opened again until it expires.
  my_reports: 24,
};

/**
 * Hours a join, held-report or alert link is kept once used or expired (for the page that says so),
 * before retention deletes it with its address and payload (retention.service.ts).
 */
export const SPENT_CONFIRMATION_HOURS = 48;

/** A link that was used stays usable only for a data copy (read again, as HTML or JSON) and "my reports". */
export function reusable(purpose: ConfirmationPurpose): boolean {
  return purpose === 'data_copy' || purpose === 'my_reports';
}

/** The state of a request the office sees (privacyRequests). */
export type ConfirmationState = 'PENDING' | 'COMPLETED' | 'EXPIRED';

export function confirmationState(
  row: { used_at: Date | null; expires_at: Date },
  now = new Date(),
): ConfirmationState {
  if (row.used_at) return 'COMPLETED';
  return row.expires_at.getTime() <= now.getTime() ? 'EXPIRED' : 'PENDING';
}
