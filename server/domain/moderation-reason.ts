// Why an operator changed a report's public text: a reason from this list, or one written in full. The
// reporter's mail words a listed reason with MODERATION_REASON_LABELS; sql/054's check repeats the list.
import { badInput } from './app-error.js';

export const MODERATION_REASONS = [
  'personal_data',
  'offensive',
  'off_topic',
  'clarity',
  'other',
] as const;

export type ModerationReason = (typeof MODERATION_REASONS)[number];

/** How the mail to the reporter says it: "Motivo: <label>." */
export const MODERATION_REASON_LABELS: Readonly<
  Record<ModerationReason, { it: string; en: string }>
> = {
  personal_data: {
    it: 'conteneva dati personali (recapiti, targhe, codici)',
    en: 'it contained personal data (contacts, number plates, codes)',
  },
  offensive: { it: 'conteneva espressioni offensive', en: 'it contained offensive words' },
  off_topic: {
    it: 'conteneva parti non pertinenti alla segnalazione',
    en: 'it contained parts unrelated to the report',
  },
  clarity: { it: 'è stato reso più chiaro', en: 'it was made clearer' },
  other: { it: 'altro', en: 'other' },
};

export const MODERATION_REASON_MAX = 500;

export interface ModerationReasonValue {
  code: ModerationReason;
  /** The written reason; null for a listed one. */
  text: string | null;
}

export function isModerationReason(value: unknown): value is ModerationReason {
  return typeof value === 'string' && (MODERATION_REASONS as readonly string[]).includes(value);
}

/** A listed reason by its code (personal_data, …), else a written one (3–500 characters). */
export function parseModerationReason(raw: string): ModerationReasonValue {
  const reason = raw.trim();
  if (isModerationReason(reason) && reason !== 'other') return { code: reason, text: null };
  if (reason.length < 3 || reason.length > MODERATION_REASON_MAX || reason === 'other')
    throw badInput(
      'reason',
      `Indica il motivo: uno dell’elenco o scritto (da 3 a ${MODERATION_REASON_MAX} caratteri).`,
    );
  return { code: 'other', text: reason };
}

/** The reason as the reporter reads it, in their language. */
export function moderationReasonLabel(value: ModerationReasonValue, locale: 'it' | 'en'): string {
  return value.text ?? MODERATION_REASON_LABELS[value.code][locale];
}
