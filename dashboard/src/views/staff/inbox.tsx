// The operator's inbox: sortable by suggested priority, due date or age; overdue/due-soon badges;
// the suggested priority with the reasons behind it.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useQuery } from 'urql';
import { OPEN_STATUSES } from '../../api/citizen.operations';
import { INBOX_QUERY, type InboxData } from '../../api/staff.operations';
import { categoryName } from '../common/use-categories';
import { formatDate, StatusBadge } from '../common/status-badge';

type Order = 'SUGGESTED_PRIORITY' | 'DUE_DATE' | 'OLDEST';

export function InboxView() {
  const { t, i18n } = useTranslation();
  const [orderBy, setOrderBy] = useState<Order>('SUGGESTED_PRIORITY');
  const [overdue, setOverdue] = useState(false);
  const [dueSoon, setDueSoon] = useState(false);
  const [mine, setMine] = useState(false);
  const filter = {
    statuses: OPEN_STATUSES,
    overdue: overdue || undefined,
    dueSoon: dueSoon || undefined,
    assignedToMe: mine || undefined,
  };
  const [{ data, fetching, error }] = useQuery<InboxData>({
    query: INBOX_QUERY,
    variables: { filter, orderBy, first: 100 },
    requestPolicy: 'cache-and-network',
  });
  const nodes = data?.inbox.edges.map((e) => e.node) ?? [];
  const sortButton = (order: Order, label: string) => (
    <th scope="col" aria-sort={orderBy === order ? 'ascending' : undefined}>
      <button type="button" onClick={() => setOrderBy(order)}>
        {label}
      </button>
    </th>
  );

  return (
    <section aria-labelledby="inbox-title">
      <h1 id="inbox-title">{t('staff.inbox')}</h1>
      <div className="filters">
        <label className="checkbox">
          <input type="checkbox" checked={overdue} onChange={(e) => setOverdue(e.target.checked)} />{' '}
          {t('staff.onlyOverdue')}
        </label>
        <label className="checkbox">
          <input type="checkbox" checked={dueSoon} onChange={(e) => setDueSoon(e.target.checked)} />{' '}
          {t('staff.onlyDueSoon')}
        </label>
        <label className="checkbox">
          <input type="checkbox" checked={mine} onChange={(e) => setMine(e.target.checked)} />{' '}
          {t('ticketPage.assignedToMe')}
        </label>
      </div>
      {error ? (
        <p role="alert">
          {error.graphQLErrors[0]?.extensions?.code === 'FORBIDDEN'
            ? t('staff.forbidden')
            : t('app.error')}
        </p>
      ) : null}
      {fetching && !data ? <p role="status">{t('app.loading')}</p> : null}
      {data ? <p role="status">{t('list.total', { count: data.inbox.totalCount })}</p> : null}
      {data && nodes.length === 0 ? <p>{t('staff.noTickets')}</p> : null}
      {nodes.length > 0 ? (
        <div className="table-wrap">
          <table>
            <caption className="visually-hidden">{t('staff.inbox')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('list.columns.code')}</th>
                <th scope="col">{t('list.columns.title')}</th>
                <th scope="col">{t('list.columns.status')}</th>
                {sortButton('SUGGESTED_PRIORITY', t('staff.suggested'))}
                <th scope="col">{t('staff.priority')}</th>
                {sortButton('DUE_DATE', t('staff.due'))}
                {sortButton('OLDEST', t('list.columns.created'))}
                <th scope="col">{t('list.columns.supporters')}</th>
              </tr>
            </thead>
            <tbody>
              {nodes.map((n) => (
                <tr key={n.id}>
                  <td>
                    <Link to={`/ufficio/${n.id}`}>{n.code}</Link>
                  </td>
                  <td>
                    {n.title}
                    <br />
                    <span className="muted">
                      {categoryName(n.category, i18n.language)}
                      {n.streetName ? ` · ${n.streetName}` : ''}
                    </span>
                  </td>
                  <td>
                    <StatusBadge status={n.status} />
                  </td>
                  <td>
                    <strong>{t(`staff.priorities.${n.suggestedPriority.value}`)}</strong>
                    <ul className="reasons" aria-label={t('staff.reasons')}>
                      {n.suggestedPriority.components
                        .filter((c) => c.points > 0)
                        .map((c) => (
                          <li key={c.name}>
                            {i18n.language === 'en' ? c.labelEn : c.label}: +{Math.round(c.points)}
                          </li>
                        ))}
                    </ul>
                  </td>
                  <td>{t(`staff.priorities.${n.priority}`)}</td>
                  <td>
                    {formatDate(n.dueAt, i18n.language, true)}{' '}
                    {n.overdue ? (
                      <span className="badge badge-overdue">{t('staff.overdue')}</span>
                    ) : n.dueSoon ? (
                      <span className="badge badge-due-soon">{t('staff.dueSoon')}</span>
                    ) : null}
                  </td>
                  <td>{formatDate(n.createdAt, i18n.language)}</td>
                  <td>{n.supportersCount}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}
