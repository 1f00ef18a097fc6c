// /segnalazioni — every report on a map and in a list, with filters; plus "find by tracking code".
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { useQuery } from 'urql';
import { ALL_STATUSES, OPEN_STATUSES, type TicketStatus } from '../../api/citizen.operations';
import {
  TICKET_MARKERS_QUERY,
  TICKETS_QUERY,
  type TicketFilterInput,
  type TicketMarkersData,
  type TicketsData,
} from '../../api/ticket.operations';
import { ticketMarkersLayer } from '../../layers/tickets.layer';
import { BaseMap } from '../../map/base-map';
import { categoryName, useCategories } from '../common/use-categories';
import { useComune } from '../common/use-comune';
import { TicketTable } from './ticket-table';

const PAGE = 50;

export default function TicketsView() {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const categories = useCategories();
  // Each comune's codes have its own prefix (SRV-… for Seravezza, PTR-… for Pietrasanta).
  const codePrefix = useComune()?.codePrefix ?? 'XXX';
  const [statuses, setStatuses] = useState<TicketStatus[]>(OPEN_STATUSES);
  const [categoryId, setCategoryId] = useState('');
  const [search, setSearch] = useState('');
  const [filter, setFilter] = useState<TicketFilterInput>({ statuses: OPEN_STATUSES });
  const [pages, setPages] = useState<(string | null)[]>([null]);
  const [code, setCode] = useState('');

  const apply = (event: FormEvent) => {
    event.preventDefault();
    setPages([null]);
    setFilter({
      statuses,
      categoryIds: categoryId ? [categoryId] : undefined,
      text: search.trim() || undefined,
    });
  };

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
                  checked={statuses.includes(s)}
                  onChange={(e) =>
                    setStatuses(
                      e.target.checked ? [...statuses, s] : statuses.filter((x) => x !== s),
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
            value={categoryId}
            onChange={(e) => setCategoryId(e.target.value)}
          >
            <option value="">{t('list.allCategories')}</option>
            {categories.map((c) => (
              <option key={c.id} value={c.id}>
                {categoryName(c, i18n.language)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="filter-search">{t('list.search')}</label>
          <input
            id="filter-search"
            type="search"
            value={search}
            onChange={(e) => setSearch(e.target.value)}
          />
        </div>
        <button type="submit">{t('list.apply')}</button>
      </form>
      <TicketMap filter={filter} />
      {pages.map((after, i) => (
        <TicketPage
          key={`${JSON.stringify(filter)}-${i}`}
          filter={filter}
          after={after}
          first={i === 0}
          last={i === pages.length - 1}
          onMore={(c) => setPages([...pages, c])}
        />
      ))}
    </section>
  );
}

interface PageProps {
  filter: TicketFilterInput;
  after: string | null;
  first: boolean;
  last: boolean;
  onMore: (cursor: string) => void;
}

function TicketPage({ filter, after, first, last, onMore }: PageProps) {
  const { t } = useTranslation();
  const [{ data, fetching, error }] = useQuery<TicketsData>({
    query: TICKETS_QUERY,
    variables: { filter, first: PAGE, after },
  });
  if (fetching && !data) return <p role="status">{t('app.loading')}</p>;
  if (error || !data) return <p role="alert">{t('app.error')}</p>;
  const nodes = data.tickets.edges.map((e) => e.node);
  return (
    <>
      {first ? <p role="status">{t('list.total', { count: data.tickets.totalCount })}</p> : null}
      {nodes.length === 0 && first ? (
        <p>{t('list.empty')}</p>
      ) : (
        <TicketTable tickets={nodes} caption={t('list.title')} />
      )}
      {last && data.tickets.pageInfo.hasNextPage && data.tickets.pageInfo.endCursor ? (
        <button
          type="button"
          className="secondary"
          onClick={() => onMore(data.tickets.pageInfo.endCursor as string)}
        >
          {t('list.more')}
        </button>
      ) : null}
    </>
  );
}

/** Every matching report on the map (the newest 2,000), whatever page of the list is shown. */
function TicketMap({ filter }: { filter: TicketFilterInput }) {
  const { t } = useTranslation();
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
      {result?.truncated ? (
        <p>{t('list.mapTruncated', { shown: result.markers.length, count: result.totalCount })}</p>
      ) : null}
    </>
  );
}
