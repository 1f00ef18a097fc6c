import type { TFunction } from 'i18next';
import type { Candidate } from '../../api/intervention.operations';

/** Where a candidate is, in words: its street, or a group of nearby reports (on a street, if known). */
export function candidatePlace(c: Candidate, t: TFunction): string {
  if (c.kind === 'STREET' && c.street) return c.street.name;
  return c.street
    ? t('interventions.candidates.clusterOn', { count: c.ticketCount, street: c.street.name })
    : t('interventions.candidates.cluster', { count: c.ticketCount });
}
