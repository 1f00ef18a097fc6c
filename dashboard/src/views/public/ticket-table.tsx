// The public list of reports: a table on wide screens, one card per report on a phone (≤ 640 px), so
// nothing is cut off and the status stays visible. Numbers and dates in the page's language.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import type { TicketListNode } from '../../api/ticket.operations';
import { formatNumber } from '../common/format';
import { categoryName } from '../common/use-categories';
import { formatDate, StatusBadge } from '../common/status-badge';

/** Below this width the list is drawn as cards. */
export const CARDS_QUERY = '(max-width: 640px)';

function useNarrow(): boolean {
  const [narrow, setNarrow] = useState(() => window.matchMedia(CARDS_QUERY).matches);
  useEffect(() => {
    const query = window.matchMedia(CARDS_QUERY);
    const change = () => setNarrow(query.matches);
    query.addEventListener('change', change);
    return () => query.removeEventListener('change', change);
  }, []);
  return narrow;
}

export function TicketTable({ tickets, caption }: { tickets: TicketListNode[]; caption: string }) {
  const { t, i18n } = useTranslation();
  const narrow = useNarrow();
  if (narrow)
    return (
      <ul className="ticket-cards" aria-label={caption}>
        {tickets.map((ticket) => (
          <li key={ticket.code} className="ticket-card" data-testid="ticket-card">
            <p className="ticket-card-head">
              <Link to={`/segnalazioni/${ticket.code}`}>{ticket.code}</Link>{' '}
              <StatusBadge status={ticket.status} />
            </p>
            <p className="ticket-card-title">{ticket.title}</p>
            <dl>
              <dt>{t('list.columns.category')}</dt>
              <dd>{categoryName(ticket.category, i18n.language)}</dd>
              {ticket.street ? (
                <>
                  <dt>{t('list.columns.street')}</dt>
                  <dd>
                    <Link to={`/vie/${ticket.street.id}`}>{ticket.street.name}</Link>
                  </dd>
                </>
              ) : null}
              <dt>{t('list.columns.created')}</dt>
              <dd>{formatDate(ticket.createdAt, i18n.language)}</dd>
              <dt>{t('list.columns.supporters')}</dt>
              <dd>{formatNumber(ticket.supportersCount, i18n.language)}</dd>
            </dl>
          </li>
        ))}
      </ul>
    );
  return (
    <div className="table-wrap">
      <table>
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t('list.columns.code')}</th>
            <th scope="col">{t('list.columns.title')}</th>
            <th scope="col">{t('list.columns.category')}</th>
            <th scope="col">{t('list.columns.status')}</th>
            <th scope="col">{t('list.columns.street')}</th>
            <th scope="col">{t('list.columns.created')}</th>
            <th scope="col">{t('list.columns.supporters')}</th>
          </tr>
        </thead>
        <tbody>
          {tickets.map((ticket) => (
            <tr key={ticket.code}>
              <td>
                <Link to={`/segnalazioni/${ticket.code}`}>{ticket.code}</Link>
              </td>
              <td>{ticket.title}</td>
              <td>{categoryName(ticket.category, i18n.language)}</td>
              <td>
                <StatusBadge status={ticket.status} />
              </td>
              <td>
                {ticket.street ? (
                  <Link to={`/vie/${ticket.street.id}`}>{ticket.street.name}</Link>
                ) : (
                  '–'
                )}
              </td>
              <td>{formatDate(ticket.createdAt, i18n.language)}</td>
              <td>{formatNumber(ticket.supportersCount, i18n.language)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
