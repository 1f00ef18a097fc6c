import { useTranslation } from 'react-i18next';
import type { InterventionStatus } from '../../api/intervention.operations';

/** An intervention's phase in words (pianificato, programmato…), coloured like the ticket badges. */
export function InterventionStatusBadge({ status }: { status: InterventionStatus }) {
  const { t } = useTranslation();
  return (
    <span className={`badge intervention-${status.toLowerCase()}`}>
      {t(`interventions.status.${status}`)}
    </span>
  );
}
