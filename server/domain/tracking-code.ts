// Public tracking codes look like SRV-7KQ2-M9XD: the municipality's prefix and two groups of four
// characters, typeable and readable aloud. The alphabet leaves out characters people confuse
// (0/O, 1/I/L), so a code copied from paper or read over the phone stays valid.

/** 31 characters: digits 2–9 and A–Z without I, L, O. */
export const TRACKING_CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';

/** The shape the database CHECK enforces on ticket.code. */
export const TRACKING_CODE_PATTERN = /^[A-Z]{3}-[0-9A-Z]{4}-[0-9A-Z]{4}$/;
