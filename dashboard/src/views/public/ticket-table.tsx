import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import type { TicketListNode } from '../../api/ticket.operations';
import { categoryName } from '../common/use-categories';
import { formatDate, StatusBadge } from '../common/status-badge';

export function TicketTable({ tickets, caption }: { tickets: TicketListNode[]; caption: string }) {
  const { t, i18n } = useTranslation();
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
              <td>{ticket.supportersCount}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
