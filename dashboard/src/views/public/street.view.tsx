// /vie/:id — the active reports of one street and its counts.
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router-dom';
import { useQuery } from 'urql';
import { STREET_PAGE_QUERY, type StreetPageData } from '../../api/ticket.operations';
import { ticketMarkersLayer } from '../../layers/tickets.layer';
import { BaseMap } from '../../map/base-map';
import { MapLegend } from '../../map/map-legend';
import { formatKm, formatNumber } from '../common/format';
import { registerServiceWorker } from '../common/service-worker';
import { AlertBox } from './alert-box';
import { TicketTable } from './ticket-table';

export default function StreetView() {
  const { id = '' } = useParams();
  const { t, i18n } = useTranslation();
  useEffect(() => registerServiceWorker(), []);
  const [{ data, fetching, error }] = useQuery<StreetPageData>({
    query: STREET_PAGE_QUERY,
    variables: { id },
  });
  if (fetching && !data) return <p role="status">{t('app.loading')}</p>;
  if (error && !data) return <p role="alert">{t('app.error')}</p>;
  const street = data?.street;
  if (!street) return <h1>{t('app.notFound')}</h1>;
  const nodes = street.activeTickets.edges.map((e) => e.node);
  const markers = nodes.map((n) => ({
    code: n.code,
    status: n.status,
    position: [n.location.lon, n.location.lat] as [number, number],
  }));
  const first = markers[0]?.position;
  return (
    <section aria-labelledby="street-title">
      <h1 id="street-title">{street.name}</h1>
      {street.locality ? <p className="muted">{street.locality}</p> : null}
      <h2>{t('street.counts')}</h2>
      <dl className="details">
        <dt>{t('street.total')}</dt>
        <dd>{formatNumber(street.ticketCounts.total, i18n.language)}</dd>
        <dt>{t('street.open')}</dt>
        <dd>{formatNumber(street.ticketCounts.active, i18n.language)}</dd>
        <dt>{t('street.resolved')}</dt>
        <dd>{formatNumber(street.ticketCounts.resolved, i18n.language)}</dd>
      </dl>
      <p>{t('street.length', { km: formatKm(street.lengthM, i18n.language) })}</p>
      <BaseMap
        label={t('map.label')}
        layers={[ticketMarkersLayer(markers, 'street-markers')]}
        initialView={
          first
            ? { longitude: first[0], latitude: first[1], zoom: 15.5, pitch: 0, bearing: 0 }
            : undefined
        }
      />
      <MapLegend statuses={Array.from(new Set(markers.map((m) => m.status)))} />
      <h2>{t('street.active')}</h2>
      {nodes.length === 0 ? (
        <p>{t('street.none')}</p>
      ) : (
        <TicketTable tickets={nodes} caption={t('street.active')} />
      )}
      <AlertBox streetId={id} streetName={street.name} />
    </section>
  );
}
