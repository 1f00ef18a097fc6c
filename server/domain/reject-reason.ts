// Why staff reject a report: the one list. The GraphQL enum RejectReason is built from it (its names are these
// values in capitals), the citizen mail words them with REJECT_REASON_LABELS, and the ticket table's check
// constraint repeats it (test/integration/sql-rules.test.ts keeps the two equal).

export const REJECT_REASONS = ['not_competent', 'not_a_fault', 'cannot_fix'] as const;

export type RejectReason = (typeof REJECT_REASONS)[number];

/** How the mail to the citizen says it: "La segnalazione … è stata respinta: <label>." */
export const REJECT_REASON_LABELS: Readonly<Record<RejectReason, { it: string; en: string }>> = {
  not_competent: {
    it: 'non è di competenza del Comune',
    en: 'it is not within the municipality’s competence',
  },
  not_a_fault: { it: 'non si tratta di un guasto', en: 'it is not a fault' },
  cannot_fix: { it: 'non è possibile intervenire', en: 'it cannot be fixed' },
};

export function isRejectReason(value: unknown): value is RejectReason {
  return typeof value === 'string' && (REJECT_REASONS as readonly string[]).includes(value);
}
