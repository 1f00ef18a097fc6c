// The programme: interventions newest first, filtered by phase and office (kept in the URL), a page at a
// time (the connection's cursors), each with its phase in words, cost, planned days and reports.
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router-dom';
import { useQuery } from 'urql';
import {
  INTERVENTION_STATUSES,
  INTERVENTIONS_QUERY,
  type InterventionFilter,
  type InterventionsData,
  type InterventionStatus,
} from '../../api/intervention.operations';
import type { Me } from '../../api/staff.operations';
import { canPlan, linkedCount } from './intervention-actions';
import { formatEuro, formatRange } from './format';
import { ProgrammeKpis } from './programme-kpis';
import { InterventionStatusBadge } from './status-badge';
import { useOffices } from './use-offices';
import { programmePath } from './paths';

const PAGE_SIZE = 20;

function isStatus(v: string | null): v is InterventionStatus {
  return (INTERVENTION_STATUSES as readonly string[]).includes(v ?? '');
}

export function InterventionList({ me }: { me: Me }) {
  const { t, i18n } = useTranslation();
  const [params, setParams] = useSearchParams();
  const status = params.get('stato');
  const office = params.get('ufficio') ?? '';
  const { offices, name } = useOffices();
  const filter = useMemo<InterventionFilter>(
    () => ({
      ...(isStatus(status) ? { statuses: [status] } : {}),
      ...(office ? { officeIds: [office] } : {}),
    }),
    [status, office],
  );
  // The cursors of the pages before this one: "previous" pops, "next" pushes the page's endCursor.
  const [cursors, setCursors] = useState<string[]>([]);
  const [{ data, fetching, error }] = useQuery<InterventionsData>({
    query: INTERVENTIONS_QUERY,
    variables: { filter, first: PAGE_SIZE, after: cursors.at(-1) ?? null },
    requestPolicy: 'cache-and-network',
  });
  const setFilter = (key: string, value: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next, { replace: true });
    setCursors([]);
  };
  const list = data?.interventions;
  const lang = i18n.language;

  return (
    <>
      <ProgrammeKpis filter={filter} />
      <h2 id="programme-list-title">{t('interventions.list.title')}</h2>
      <form
        className="filters"
        aria-labelledby="programme-list-title"
        onSubmit={(e) => e.preventDefault()}
      >
        <div className="field">
          <label htmlFor="programme-status">{t('interventions.list.status')}</label>
          <select
            id="programme-status"
            value={isStatus(status) ? status : ''}
            onChange={(e) => setFilter('stato', e.target.value)}
          >
            <option value="">{t('interventions.list.allStatuses')}</option>
            {INTERVENTION_STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`interventions.status.${s}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="programme-office">{t('interventions.list.office')}</label>
          <select
            id="programme-office"
            value={office}
            onChange={(e) => setFilter('ufficio', e.target.value)}
          >
            <option value="">{t('interventions.list.allOffices')}</option>
            {offices.map((o) => (
              <option key={o.id} value={o.id}>
                {o.name}
              </option>
            ))}
          </select>
        </div>
      </form>
      {error ? <p role="alert">{t('app.error')}</p> : null}
      <p role="status" className="inbox-total">
        {list
          ? t('interventions.list.total', { count: list.totalCount })
          : fetching
            ? t('app.loading')
            : ''}
      </p>
      {list && list.edges.length === 0 ? (
        <div className="empty-state" data-testid="programme-empty">
          <p>{t('interventions.list.empty')}</p>
          {canPlan(me) ? (
            <Link to={programmePath('candidati')}>{t('interventions.list.emptyAction')}</Link>
          ) : null}
        </div>
      ) : null}
      {list && list.edges.length > 0 ? (
        <div className="table-wrap">
          <table className="programme-table" data-testid="programme-table">
            <caption className="visually-hidden">{t('interventions.list.title')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('interventions.fields.title')}</th>
                <th scope="col">{t('interventions.fields.status')}</th>
                <th scope="col">{t('interventions.fields.office')}</th>
                <th scope="col" className="num">
                  {t('interventions.fields.cost')}
                </th>
                <th scope="col">{t('interventions.fields.dates')}</th>
                <th scope="col" className="num">
                  {t('interventions.fields.tickets')}
                </th>
              </tr>
            </thead>
            <tbody>
              {list.edges.map(({ node }) => (
                <tr key={node.id}>
                  <td data-label={t('interventions.fields.title')}>
                    <Link to={programmePath(node.id)}>{node.title}</Link>
                  </td>
                  <td data-label={t('interventions.fields.status')}>
                    <InterventionStatusBadge status={node.status} />
                  </td>
                  <td data-label={t('interventions.fields.office')}>{name(node.officeId)}</td>
                  <td data-label={t('interventions.fields.cost')} className="num nowrap">
                    {formatEuro(node.estimatedCost, lang)}
                  </td>
                  <td data-label={t('interventions.fields.dates')}>
                    {formatRange(node.plannedStart, node.plannedEnd, lang)}
                  </td>
                  <td data-label={t('interventions.fields.tickets')} className="num">
                    {linkedCount(node)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {list && (cursors.length > 0 || list.pageInfo.hasNextPage) ? (
        <nav className="actions" aria-label={t('interventions.list.pages')}>
          <button
            type="button"
            className="secondary"
            disabled={cursors.length === 0}
            onClick={() => setCursors(cursors.slice(0, -1))}
          >
            {t('interventions.list.previous')}
          </button>
          <button
            type="button"
            className="secondary"
            disabled={!list.pageInfo.hasNextPage || !list.pageInfo.endCursor}
            onClick={() => setCursors([...cursors, list.pageInfo.endCursor!])}
          >
            {t('interventions.list.next')}
          </button>
        </nav>
      ) : null}
    </>
  );
}
