// The full history of a ticket for staff, internal notes included; a merge links the other report.
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import type { StaffEvent } from '../../api/staff.operations';
import { formatDate } from '../common/status-badge';

function Related({ e }: { e: StaffEvent }) {
  const { t } = useTranslation();
  if (!e.relatedTicketId || !e.relatedCode) return null;
  return (
    <>
      {' – '}
      {e.kind === 'duplicate' ? t('ticketPage.mergedInto') : t('ticketPage.mergedFrom')}{' '}
      <Link to={`/ufficio/${e.relatedTicketId}`}>{e.relatedCode}</Link>
    </>
  );
}

export function TicketTimeline({ events }: { events: StaffEvent[] }) {
  const { t, i18n } = useTranslation();
  return (
    <>
      <h2>{t('staff.history')}</h2>
      <ol className="timeline">
        {events.map((e) => (
          <li key={e.id}>
            <strong>{t(`tracking.event.${e.kind}`, { defaultValue: e.kind })}</strong> (
            {e.public ? t('staff.public') : t('staff.internal')}) –{' '}
            <time dateTime={e.createdAt}>{formatDate(e.createdAt, i18n.language, true)}</time>
            {e.actorEmail ? <span className="muted"> · {e.actorEmail}</span> : null}
            <Related e={e} />
            {e.note ? <p>{e.note}</p> : null}
          </li>
        ))}
      </ol>
    </>
  );
}
