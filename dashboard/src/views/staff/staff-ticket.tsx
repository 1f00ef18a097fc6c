// Staff ticket page: reporter contact, full history, phase buttons, priority, reassign, duplicate.
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { useQuery } from 'urql';
import { NEARBY_QUERY, type NearbyTicket } from '../../api/citizen.operations';
import { STAFF_TICKET_QUERY, type StaffTicket } from '../../api/staff.operations';
import { ticketMarkersLayer } from '../../layers/tickets.layer';
import { BaseMap } from '../../map/base-map';
import { categoryName } from '../common/use-categories';
import { formatDate, StatusBadge } from '../common/status-badge';
import { ChannelAndContractor } from './contractor-panel';
import { TicketActions } from './ticket-actions';

export function StaffTicketView() {
  const { id = '' } = useParams();
  const { t, i18n } = useTranslation();
  const [{ data, fetching, error }, refetch] = useQuery<{ staffTicket: StaffTicket | null }>({
    query: STAFF_TICKET_QUERY,
    variables: { id },
    requestPolicy: 'network-only',
  });
  const ticket = data?.staffTicket;
  const location = ticket ? { lat: ticket.lat, lon: ticket.lon } : { lat: 0, lon: 0 };
  const [nearby] = useQuery<{ nearbyTickets: NearbyTicket[] }>({
    query: NEARBY_QUERY,
    variables: { location, categoryId: ticket?.category.id, radiusM: 200 },
    pause: !ticket,
  });
  if (fetching && !data) return <p role="status">{t('app.loading')}</p>;
  if (error && !data) return <p role="alert">{t('app.error')}</p>;
  if (!ticket) return <h1>{t('app.notFound')}</h1>;
  const reload = () => refetch({ requestPolicy: 'network-only' });
  const candidates = (nearby.data?.nearbyTickets ?? []).filter((n) => n.code !== ticket.code);
  const markers = [
    {
      code: ticket.code,
      status: ticket.status,
      position: [ticket.lon, ticket.lat] as [number, number],
    },
    ...candidates.map((c) => ({
      code: c.code,
      status: c.status,
      position: [c.location.lon, c.location.lat] as [number, number],
    })),
  ];

  return (
    <article aria-labelledby="staff-ticket-title">
      <p>
        <Link to="/ufficio">{t('staff.back')}</Link>
      </p>
      <h1 id="staff-ticket-title">
        {t('staff.ticket', { code: ticket.code })} – {ticket.title}
      </h1>
      <p>
        <StatusBadge status={ticket.status} />{' '}
        {ticket.overdue ? <span className="badge badge-overdue">{t('staff.overdue')}</span> : null}
      </p>
      <ChannelAndContractor
        key={ticket.version /* a change elsewhere on the page reloads the panel */}
        ticketId={ticket.id}
        categoryId={ticket.category.id}
        open={['RECEIVED', 'ACKNOWLEDGED', 'IN_PROGRESS'].includes(ticket.status)}
        onChanged={reload}
      />
      <div className="two-col">
        <div>
          <dl className="details">
            <dt>{t('tracking.category')}</dt>
            <dd>{categoryName(ticket.category, i18n.language)}</dd>
            <dt>{t('tracking.office')}</dt>
            <dd>{ticket.office.name}</dd>
            <dt>{t('tracking.street')}</dt>
            <dd>{ticket.streetName ?? '–'}</dd>
            <dt>{t('staff.priority')}</dt>
            <dd>{t(`staff.priorities.${ticket.priority}`)}</dd>
            <dt>{t('staff.due')}</dt>
            <dd>{formatDate(ticket.dueAt, i18n.language, true)}</dd>
            <dt>{t('tracking.supporters')}</dt>
            <dd>{ticket.supportersCount}</dd>
            <dt>{t('staff.reporter')}</dt>
            <dd data-testid="reporter">
              {ticket.reporter
                ? [
                    ticket.reporter.name,
                    ticket.reporter.email ? `<${ticket.reporter.email}>` : null,
                  ]
                    .filter(Boolean)
                    .join(' ') || '–'
                : '–'}
            </dd>
          </dl>
          <p>{ticket.description}</p>
          <TicketActions ticket={ticket} candidates={candidates} onChanged={reload} />
        </div>
        <div>
          <BaseMap
            label={t('map.label')}
            initialView={{
              longitude: ticket.lon,
              latitude: ticket.lat,
              zoom: 16.5,
              pitch: 0,
              bearing: 0,
            }}
            layers={[ticketMarkersLayer(markers, 'staff-markers')]}
          />
          <h2>{t('staff.history')}</h2>
          <ol className="timeline">
            {ticket.events.map((e) => (
              <li key={e.id}>
                <strong>{t(`tracking.event.${e.kind}`, { defaultValue: e.kind })}</strong> (
                {e.public ? t('staff.public') : t('staff.internal')}) –{' '}
                <time dateTime={e.createdAt}>{formatDate(e.createdAt, i18n.language, true)}</time>
                {e.actorEmail ? <span className="muted"> · {e.actorEmail}</span> : null}
                {e.note ? <p>{e.note}</p> : null}
              </li>
            ))}
          </ol>
        </div>
      </div>
    </article>
  );
}
