// The programme's figures (interventionKpis) over the list's filter: planned and spent cost, reports
// closed through interventions, median days from planning to completion, on-time share.
import { useTranslation } from 'react-i18next';
import { useQuery } from 'urql';
import {
  INTERVENTION_KPIS_QUERY,
  type InterventionFilter,
  type InterventionKpis,
} from '../../api/intervention.operations';
import { formatEuro, formatNumber } from './format';

export function ProgrammeKpis({ filter }: { filter: InterventionFilter }) {
  const { t, i18n } = useTranslation();
  const [{ data, error }] = useQuery<{ interventionKpis: InterventionKpis }>({
    query: INTERVENTION_KPIS_QUERY,
    variables: { filter },
    requestPolicy: 'cache-and-network',
  });
  if (error) return <p role="alert">{t('app.error')}</p>;
  const k = data?.interventionKpis;
  if (!k) return null;
  const lang = i18n.language;
  const cards: [string, string][] = [
    ['interventions', formatNumber(k.interventionCount, lang)],
    ['plannedCost', formatEuro(k.plannedCost, lang, 0)],
    ['spentCost', formatEuro(k.spentCost, lang, 0)],
    ['ticketsClosed', formatNumber(k.ticketsClosed, lang)],
    [
      'medianDays',
      k.medianDaysToComplete === null
        ? '–'
        : t('interventions.kpis.days', {
            n: formatNumber(k.medianDaysToComplete, lang, 1),
          }),
    ],
    [
      'onTime',
      k.onTimeShare === null
        ? '–'
        : new Intl.NumberFormat(lang.startsWith('en') ? 'en-GB' : 'it-IT', {
            style: 'percent',
          }).format(k.onTimeShare),
    ],
  ];
  return (
    <section aria-labelledby="programme-kpis-title" data-testid="programme-kpis">
      <h2 id="programme-kpis-title">{t('interventions.kpis.title')}</h2>
      <ul className="kpi-cards">
        {cards.map(([key, value]) => (
          <li key={key} data-kpi={key}>
            <span className="kpi-value">{value}</span>
            {t(`interventions.kpis.${key}`)}
          </li>
        ))}
      </ul>
      <p className="muted">
        {t('interventions.kpis.byStatus', {
          planned: k.plannedCount,
          scheduled: k.scheduledCount,
          inProgress: k.inProgressCount,
          completed: k.completedCount,
          cancelled: k.cancelledCount,
        })}
      </p>
    </section>
  );
}
