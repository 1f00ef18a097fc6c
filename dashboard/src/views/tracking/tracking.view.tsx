// /segnalazioni/:code — public tracking: status, public timeline, map, photos, supporters, "mi associo".
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { useQuery } from 'urql';
import { OPEN_STATUSES } from '../../api/citizen.operations';
import { TICKET_QUERY, type PublicTicket } from '../../api/ticket.operations';
import { ticketMarkersLayer } from '../../layers/tickets.layer';
import { BaseMap } from '../../map/base-map';
import { MapLegend } from '../../map/map-legend';
import { categoryName } from '../common/use-categories';
import { formatDate, StatusBadge } from '../common/status-badge';
import { JoinBox } from './join-box';

/** The sentence with its tracking code kept on one line (a phone would break it at the hyphens). */
function CodeInText({ text, code }: { text: string; code: string }) {
  const at = text.indexOf(code);
  if (at < 0) return <>{text}</>;
  return (
    <>
      {text.slice(0, at)}
      <span className="code-inline" data-testid="title-code">
        {code}
      </span>
      {text.slice(at + code.length)}
    </>
  );
}

export default function TrackingView() {
  const { code = '' } = useParams();
  const { t, i18n } = useTranslation();
  const normalized = code.trim().toUpperCase();
  const [{ data, fetching, error }, refetch] = useQuery<{ ticket: PublicTicket | null }>({
    query: TICKET_QUERY,
    variables: { code: normalized },
    requestPolicy: 'cache-and-network',
  });
  const ticket = data?.ticket;

  if (fetching && !data) return <p role="status">{t('app.loading')}</p>;
  if (error && !data) return <p role="alert">{t('app.error')}</p>;
  if (!ticket)
    return (
      <section>
        <h1>{t('tracking.notFound', { code: normalized })}</h1>
        <Link to="/segnalazioni">{t('list.title')}</Link>
      </section>
    );

  const position: [number, number] = [ticket.location.lon, ticket.location.lat];
  const lang = i18n.language;
  return (
    <article aria-labelledby="ticket-title">
      <h1 id="ticket-title">
        <CodeInText text={t('tracking.title', { code: ticket.code })} code={ticket.code} /> –{' '}
        {ticket.title}
      </h1>
      <p className="status-line">
        {t('tracking.status')}: <StatusBadge status={ticket.status} />
      </p>
      {ticket.duplicateOfCode ? (
        <p>
          <Link to={`/segnalazioni/${ticket.duplicateOfCode}`}>
            {t('tracking.duplicateOf', { code: ticket.duplicateOfCode })}
          </Link>
        </p>
      ) : null}
      <div className="two-col">
        <div>
          <dl className="details">
            <dt>{t('tracking.category')}</dt>
            <dd>{categoryName(ticket.category, lang)}</dd>
            <dt>{t('tracking.office')}</dt>
            <dd>{ticket.office.name}</dd>
            <dt>{t('tracking.street')}</dt>
            <dd>
              {ticket.street ? (
                <>
                  <Link to={`/vie/${ticket.street.id}`}>{ticket.street.name}</Link>
                  {ticket.houseNumber ? (
                    <span data-testid="house-number">
                      {', '}
                      {t('tracking.nearNumber', { number: ticket.houseNumber })}
                    </span>
                  ) : null}
                </>
              ) : (
                (ticket.houseNumber ?? '–')
              )}
            </dd>
            <dt>{t('tracking.created')}</dt>
            <dd>{formatDate(ticket.createdAt, lang, true)}</dd>
            <dt>{t('tracking.updated')}</dt>
            <dd>{formatDate(ticket.updatedAt, lang, true)}</dd>
            <dt>{t('tracking.supporters')}</dt>
            <dd data-testid="supporters-count">{ticket.supportersCount}</dd>
          </dl>
          <p className="description">{ticket.description}</p>
          {ticket.photos.length > 0 ? (
            <>
              <h2>{t('tracking.photos')}</h2>
              <ul className="photos">
                {ticket.photos.map((p, i) => (
                  <li key={p.id}>
                    <img src={p.url} alt={t('tracking.photo', { n: i + 1 })} loading="lazy" />
                  </li>
                ))}
              </ul>
            </>
          ) : null}
          <h2>{t('tracking.timeline')}</h2>
          {ticket.timeline.length === 0 ? (
            <p>{t('tracking.noEvents')}</p>
          ) : (
            <ol className="timeline">
              {ticket.timeline.map((e, i) => (
                <li key={`${e.createdAt}-${i}`}>
                  <strong>{t(`tracking.event.${e.kind}`, { defaultValue: e.kind })}</strong> –{' '}
                  <time dateTime={e.createdAt}>{formatDate(e.createdAt, lang, true)}</time>
                  {e.relatedCode ? (
                    <>
                      {' '}
                      –{' '}
                      <Link to={`/segnalazioni/${encodeURIComponent(e.relatedCode)}`}>
                        {e.relatedCode}
                      </Link>
                    </>
                  ) : null}
                  {e.note ? <p>{e.note}</p> : null}
                </li>
              ))}
            </ol>
          )}
        </div>
        <div>
          <BaseMap
            label={t('map.label')}
            initialView={{
              longitude: position[0],
              latitude: position[1],
              zoom: 16.5,
              pitch: 0,
              bearing: 0,
            }}
            layers={[
              ticketMarkersLayer(
                [{ code: ticket.code, status: ticket.status, position }],
                'tracking-marker',
              ),
            ]}
          />
          <MapLegend statuses={[ticket.status]} />
          {OPEN_STATUSES.includes(ticket.status) ? (
            <JoinBox
              code={ticket.code}
              onJoined={() => refetch({ requestPolicy: 'network-only' })}
            />
          ) : null}
        </div>
      </div>
    </article>
  );
}
