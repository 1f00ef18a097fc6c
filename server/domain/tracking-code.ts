// Public tracking codes look like SRV-7KQ2-M9XD: the municipality's prefix and two groups of four
// characters, typeable and readable aloud. The alphabet leaves out characters people confuse
// (0/O, 1/I/L), so a code copied from paper or read over the phone stays valid.
import { randomInt } from 'node:crypto';

/** 31 characters: digits 2–9 and A–Z without I, L, O. */
export const TRACKING_CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';

/** The shape the database CHECK enforces on ticket.code. */
export const TRACKING_CODE_PATTERN = /^[A-Z]{3}-[0-9A-Z]{4}-[0-9A-Z]{4}$/;

/** Draws one character group with the CSPRNG (crypto.randomInt is uniform, so no modulo bias). */
function group(): string {
  let out = '';
  for (let i = 0; i < 4; i++)
    out += TRACKING_CODE_ALPHABET[randomInt(TRACKING_CODE_ALPHABET.length)];
  return out;
}

/**
 * A new unguessable tracking code for a municipality prefix: 31^8 ≈ 8.5 × 10^11 codes, so guessing a
 * live one is hopeless, and a collision (caught by the unique key, then redrawn) is rare.
 */
export function generateTrackingCode(prefix: string): string {
  return `${prefix}-${group()}-${group()}`;
}

/** The form people type, as stored: no surrounding spaces, upper case. */
export function normalizeTrackingCode(value: string): string {
  return value.trim().toUpperCase();
}
