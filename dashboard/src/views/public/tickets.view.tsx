// /segnalazioni — every report on a map and in a list, with filters; plus "find by tracking code".
// Filters and the pages shown live in the address (list-url.ts): a reload keeps them, back/forward
// walks through them.
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { useQuery } from 'urql';
import { ALL_STATUSES, type TicketStatus } from '../../api/citizen.operations';
import {
  STREET_NAME_QUERY,
  TICKET_MARKERS_QUERY,
  TICKETS_QUERY,
  type StreetNameData,
  type TicketFilterInput,
  type TicketMarkersData,
  type TicketsData,
} from '../../api/ticket.operations';
import { ticketMarkersLayer } from '../../layers/tickets.layer';
import { BaseMap } from '../../map/base-map';
import { MapLegend } from '../../map/map-legend';
import { formatNumber } from '../common/format';
import { registerServiceWorker } from '../common/service-worker';
import { categoryName, useCategories } from '../common/use-categories';
import { useComune } from '../common/use-comune';
import { StreetSearch } from '../report/street-search';
import { filterOf, listUrlOf, parseListUrl, type ListState } from './list-url';
import { TicketTable } from './ticket-table';

const PAGE = 50;

export default function TicketsView() {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const categories = useCategories();
  // Each comune's codes have its own prefix (SRV-… for Seravezza, PTR-… for Pietrasanta).
  const codePrefix = useComune()?.codePrefix ?? 'XXX';
  const [params, setParams] = useSearchParams();
  const applied = parseListUrl(params);
  const filter = filterOf(applied);
  // The form's fields, put back to what the address says whenever it changes (back/forward).
  const [form, setForm] = useState<ListState>(applied);
  const key = params.toString();
  useEffect(() => {
    setForm(parseListUrl(key));
  }, [key]);
  useEffect(() => registerServiceWorker(), []);
  const [code, setCode] = useState('');
  const [street] = useQuery<StreetNameData>({
    query: STREET_NAME_QUERY,
    variables: { id: form.streetId },
    pause: !form.streetId,
  });
  const streetName =
    form.streetId && street.data?.street?.id === form.streetId ? street.data.street.name : '';

  const go = (next: ListState) => setParams(listUrlOf(next));
  const apply = (event: FormEvent) => {
    event.preventDefault();
    go({ ...form, pages: 1 });
  };
  const setStatuses = (statuses: TicketStatus[]) => setForm({ ...form, statuses });

  return (
    <section aria-labelledby="list-title">
      <h1 id="list-title">{t('list.title')}</h1>
      <form
        className="filters"
        onSubmit={(e) => {
          e.preventDefault();
          if (code.trim()) navigate(`/segnalazioni/${code.trim().toUpperCase()}`);
        }}
        aria-label={t('tracking.search')}
      >
        <div className="field">
          <label htmlFor="code-search">{t('tracking.codeField')}</label>
          <input
            id="code-search"
            value={code}
            onChange={(e) => setCode(e.target.value)}
            placeholder={`${codePrefix}-XXXX-XXXX`}
            autoComplete="off"
          />
        </div>
        <button type="submit">{t('tracking.go')}</button>
      </form>
      <form className="filters" onSubmit={apply} aria-label={t('list.filters')}>
        <fieldset>
          <legend>{t('list.status')}</legend>
          <div className="check-group">
            {ALL_STATUSES.map((s) => (
              <label key={s}>
                <input
                  type="checkbox"
                  checked={form.statuses.includes(s)}
                  onChange={(e) =>
                    setStatuses(
                      e.target.checked
                        ? [...form.statuses, s]
                        : form.statuses.filter((x) => x !== s),
                    )
                  }
                />
                {t(`status.${s}`)}
              </label>
            ))}
          </div>
        </fieldset>
        <div className="field">
          <label htmlFor="filter-category">{t('list.category')}</label>
          <select
            id="filter-category"
            value={form.categoryId}
            onChange={(e) => setForm({ ...form, categoryId: e.target.value })}
          >
            <option value="">{t('list.allCategories')}</option>
            {categories.map((c) => (
              <option key={c.id} value={c.id}>
                {categoryName(c, i18n.language)}
              </option>
            ))}
          </select>
        </div>
        <div className="field filter-street">
          {form.streetId ? (
            <p className="street-chosen" data-testid="street-chosen">
              {t('list.streetChosen', { name: streetName || '…' })}{' '}
              <button
                type="button"
                className="secondary"
                onClick={() => setForm({ ...form, streetId: '' })}
                aria-label={t('list.removeStreet', { name: streetName })}
              >
                ×
              </button>
            </p>
          ) : (
            <StreetSearch
              inputId="filter-street"
              label={t('list.street')}
              hint={t('list.streetHint')}
              onPick={(s) => setForm({ ...form, streetId: s.id })}
            />
          )}
        </div>
        <div className="field">
          <label htmlFor="filter-search">{t('list.search')}</label>
          <input
            id="filter-search"
            type="search"
            value={form.text}
            onChange={(e) => setForm({ ...form, text: e.target.value })}
          />
        </div>
        <button type="submit">{t('list.apply')}</button>
      </form>
      <TicketMap filter={filter} />
      <TicketPage
        key={JSON.stringify(filter)}
        filter={filter}
        after={null}
        index={0}
        pages={applied.pages}
        onMore={() => go({ ...applied, pages: applied.pages + 1 })}
      />
    </section>
  );
}

interface PageProps {
  filter: TicketFilterInput;
  after: string | null;
  /** This page's place (0 = the first) and how many the address asks for. */
  index: number;
  pages: number;
  onMore: () => void;
}

/** One page of 50; it draws the next one (from its end cursor) while the address asks for more. */
function TicketPage({ filter, after, index, pages, onMore }: PageProps) {
  const { t, i18n } = useTranslation();
  const [{ data, fetching, error }] = useQuery<TicketsData>({
    query: TICKETS_QUERY,
    variables: { filter, first: PAGE, after },
  });
  if (fetching && !data) return <p role="status">{t('app.loading')}</p>;
  if (error || !data) return <p role="alert">{t('app.error')}</p>;
  const nodes = data.tickets.edges.map((e) => e.node);
  const { hasNextPage, endCursor } = data.tickets.pageInfo;
  const more = hasNextPage && endCursor;
  return (
    <>
      {index === 0 ? (
        <p role="status">
          {t('list.total', { count: formatNumber(data.tickets.totalCount, i18n.language) })}
        </p>
      ) : null}
      {nodes.length === 0 && index === 0 ? (
        <p>{t('list.empty')}</p>
      ) : (
        <TicketTable tickets={nodes} caption={t('list.title')} />
      )}
      {more && index + 1 < pages ? (
        <TicketPage
          filter={filter}
          after={endCursor}
          index={index + 1}
          pages={pages}
          onMore={onMore}
        />
      ) : more && index + 1 === pages ? (
        <button type="button" className="secondary" onClick={onMore}>
          {t('list.more')}
        </button>
      ) : null}
    </>
  );
}

/** Every matching report on the map (the newest 2,000), whatever page of the list is shown. */
function TicketMap({ filter }: { filter: TicketFilterInput }) {
  const { t, i18n } = useTranslation();
  const [{ data }] = useQuery<TicketMarkersData>({
    query: TICKET_MARKERS_QUERY,
    variables: { filter },
  });
  const result = data?.ticketMarkers;
  const markers = (result?.markers ?? []).map((m) => ({
    code: m.code,
    status: m.status,
    position: [m.lon, m.lat] as [number, number],
  }));
  return (
    <>
      <BaseMap
        label={t('map.label')}
        layers={[ticketMarkersLayer(markers, 'public-markers')]}
        getTooltip={(info) => (info.object ? (info.object as { code: string }).code : null)}
      />
      <MapLegend statuses={filter.statuses?.length ? filter.statuses : ALL_STATUSES} />
      {result?.truncated ? (
        <p>
          {t('list.mapTruncated', {
            shown: formatNumber(result.markers.length, i18n.language),
            count: formatNumber(result.totalCount, i18n.language),
          })}
        </p>
      ) : null}
    </>
  );
}
