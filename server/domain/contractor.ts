// Rules of an external contractor (ditta esterna) and of forwarding a ticket to one.
import { badInput } from './app-error.js';
import { validateEmail } from './email.js';
import { parseId } from './id.js';

export const CONTRACTOR_NAME_MAX = 120;
export const INSTRUCTIONS_MAX = 4000;
/** How long a contractor's link works unless the office says otherwise, and the longest it may. */
export const CONTRACTOR_LINK_DAYS = 30;
export const CONTRACTOR_LINK_MAX_DAYS = 180;

export interface ContractorDraft {
  name: string;
  email: string;
  categoryIds: number[];
}

export function validateContractor(raw: {
  name: string;
  email: string;
  categoryIds?: readonly string[] | null;
}): ContractorDraft {
  const name = raw.name.trim();
  if (!name) throw badInput('name', 'Il nome della ditta è obbligatorio.');
  if (name.length > CONTRACTOR_NAME_MAX)
    throw badInput('name', `Il nome è troppo lungo (massimo ${CONTRACTOR_NAME_MAX} caratteri).`);
  const categoryIds = [
    ...new Set((raw.categoryIds ?? []).map((id) => parseId(id, 'categoryIds', 'int4'))),
  ];
  return { name, email: validateEmail(raw.email), categoryIds };
}

export function validateLinkDays(days: number | null | undefined): number {
  if (days === null || days === undefined) return CONTRACTOR_LINK_DAYS;
  if (!Number.isInteger(days) || days < 1 || days > CONTRACTOR_LINK_MAX_DAYS)
    throw badInput(
      'expiresInDays',
      `La validità del link va da 1 a ${CONTRACTOR_LINK_MAX_DAYS} giorni.`,
    );
  return days;
}
