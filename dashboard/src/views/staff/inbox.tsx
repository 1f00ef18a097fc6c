// The operator's inbox as a work list: filters, counts per status, every column sortable both ways,
// pages loaded on demand up to the last ticket, a map of the same list, and bulk actions on the
// selected tickets. Filter, order and view live in the URL (inbox-state.ts).
import { useEffect, useMemo, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { useClient, useQuery } from 'urql';
import { ALL_STATUSES, OPEN_STATUSES } from '../../api/citizen.operations';
import {
  INBOX_COUNTS_QUERY,
  INBOX_POINTS_QUERY,
  INBOX_QUERY,
  type InboxCountsData,
  type InboxData,
  type InboxNode,
  type InboxPointsData,
  type InboxOrder,
  type Me,
} from '../../api/staff.operations';
import { ticketMarkersLayer } from '../../layers/tickets.layer';
import { BaseMap } from '../../map/base-map';
import { categoryName } from '../common/use-categories';
import { StatusBadge } from '../common/status-badge';
import { InboxBulkBar } from './inbox-bulk';
import { InboxFilters } from './inbox-filters';
import { readInboxState, toInboxFilter, writeInboxState, type InboxState } from './inbox-state';

export const INBOX_PAGE = 50;

/** Short dates for the dense rows (06/10/26, 14:54); the full one in the title tooltip. */
function shortDate(value: string, locale: string, withTime = false): string {
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return value;
  return date.toLocaleString(locale === 'en' ? 'en-GB' : 'it-IT', {
    day: '2-digit',
    month: '2-digit',
    year: '2-digit',
    ...(withTime ? { hour: '2-digit', minute: '2-digit' } : {}),
  });
}

interface Loaded {
  key: string;
  nodes: InboxNode[];
  totalCount: number;
  endCursor: string | null;
  hasNextPage: boolean;
}

export function InboxView({ me }: { me: Me }) {
  const { t, i18n } = useTranslation();
  const client = useClient();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const state = useMemo(() => readInboxState(params), [params]);
  const update = (patch: Partial<InboxState>) =>
    setParams(writeInboxState({ ...state, ...patch }), { replace: true });
  const filter = useMemo(() => toInboxFilter(state), [state]);
  const key = JSON.stringify([filter, state.order, state.direction]);
  const [reloads, setReloads] = useState(0);
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [loading, setLoading] = useState(false);
  const [failed, setFailed] = useState<string | null>(null);
  const [selected, setSelected] = useState<Map<string, InboxNode>>(new Map());
  const canWrite = me.role !== 'PLANNER';

  const [counts, refetchCounts] = useQuery<InboxCountsData>({
    query: INBOX_COUNTS_QUERY,
    variables: { filter: toInboxFilter(state, false) },
    requestPolicy: 'cache-and-network',
  });

  // The map shows the whole filtered list (every page), fetched only while the map is shown.
  const [points] = useQuery<InboxPointsData>({
    query: INBOX_POINTS_QUERY,
    variables: { filter },
    pause: state.view !== 'map',
    requestPolicy: 'cache-and-network',
  });

  const fetchPage = async (after: string | null) => {
    const result = await client
      .query<InboxData>(
        INBOX_QUERY,
        { filter, orderBy: state.order, direction: state.direction, first: INBOX_PAGE, after },
        { requestPolicy: 'network-only' },
      )
      .toPromise();
    if (result.error || !result.data) {
      const code = result.error?.graphQLErrors[0]?.extensions?.code;
      throw new Error(typeof code === 'string' ? code : 'ERROR');
    }
    return result.data.inbox;
  };

  useEffect(() => {
    let live = true;
    setLoading(true);
    setFailed(null);
    fetchPage(null)
      .then((page) => {
        if (!live) return;
        setLoaded({
          key,
          nodes: page.edges.map((e) => e.node),
          totalCount: page.totalCount,
          endCursor: page.pageInfo.endCursor,
          hasNextPage: page.pageInfo.hasNextPage,
        });
      })
      .catch((e: Error) => live && setFailed(e.message))
      .finally(() => live && setLoading(false));
    return () => {
      live = false;
    };
  }, [key, reloads]);

  const loadMore = () => {
    if (!loaded?.endCursor) return;
    setLoading(true);
    fetchPage(loaded.endCursor)
      .then((page) =>
        setLoaded((prev) =>
          prev && prev.key === key
            ? {
                key,
                nodes: [...prev.nodes, ...page.edges.map((e) => e.node)],
                totalCount: page.totalCount,
                endCursor: page.pageInfo.endCursor,
                hasNextPage: page.pageInfo.hasNextPage,
              }
            : prev,
        ),
      )
      .catch((e: Error) => setFailed(e.message))
      .finally(() => setLoading(false));
  };

  const reload = () => {
    setSelected(new Map());
    setReloads((n) => n + 1);
    refetchCounts({ requestPolicy: 'network-only' });
  };

  const current = loaded && loaded.key === key ? loaded : null;
  const nodes = current?.nodes ?? [];

  const sortHeader = (order: InboxOrder, label: string, className?: string): ReactNode => {
    const active = state.order === order;
    const sort = active ? (state.direction === 'ASC' ? 'ascending' : 'descending') : 'none';
    const next = active && state.direction === 'ASC' ? 'DESC' : 'ASC';
    return (
      <th scope="col" aria-sort={sort} className={className}>
        <button
          type="button"
          onClick={() => update({ order, direction: next })}
          aria-label={`${label}, ${next === 'ASC' ? t('staff.work.sortAsc') : t('staff.work.sortDesc')}`}
        >
          {label}
          <span aria-hidden="true" className="sort-mark">
            {active ? (state.direction === 'ASC' ? '▲' : '▼') : '↕'}
          </span>
        </button>
      </th>
    );
  };

  const toggle = (n: InboxNode, on: boolean) => {
    const next = new Map(selected);
    if (on) next.set(n.id, n);
    else next.delete(n.id);
    setSelected(next);
  };
  const allSelected = nodes.length > 0 && nodes.every((n) => selected.has(n.id));

  const byStatus = counts.data?.inboxCounts.byStatus ?? [];
  const countOf = (s: string) => byStatus.find((c) => c.status === s)?.count;

  return (
    <section aria-labelledby="inbox-title" className="inbox">
      <div className="inbox-head">
        <h1 id="inbox-title">{t('staff.inbox')}</h1>
        <div className="view-switch" role="group" aria-label={t('staff.work.view')}>
          <button
            type="button"
            className="secondary"
            aria-pressed={state.view === 'list'}
            onClick={() => update({ view: 'list' })}
          >
            {t('staff.work.list')}
          </button>
          <button
            type="button"
            className="secondary"
            aria-pressed={state.view === 'map'}
            onClick={() => update({ view: 'map' })}
          >
            {t('staff.work.map')}
          </button>
        </div>
      </div>
      <InboxFilters state={state} update={update} />
      <fieldset className="status-tabs">
        <legend>{t('staff.work.statuses')}</legend>
        <button
          type="button"
          className="secondary"
          aria-pressed={
            state.statuses.length === OPEN_STATUSES.length &&
            OPEN_STATUSES.every((s) => state.statuses.includes(s))
          }
          onClick={() => update({ statuses: OPEN_STATUSES })}
        >
          {t('staff.work.openStatuses')}
        </button>
        <button
          type="button"
          className="secondary"
          aria-pressed={state.statuses.length === 0}
          onClick={() => update({ statuses: [] })}
        >
          {t('staff.work.allStatuses')}
          {counts.data ? ` (${counts.data.inboxCounts.total})` : ''}
        </button>
        {ALL_STATUSES.map((s) => (
          <label key={s} className="status-chip">
            <input
              type="checkbox"
              checked={state.statuses.includes(s)}
              onChange={(e) =>
                update({
                  statuses: e.target.checked
                    ? [...state.statuses, s]
                    : state.statuses.filter((x) => x !== s),
                })
              }
            />
            {t(`status.${s}`)}
            {countOf(s) !== undefined ? <span className="count">{countOf(s)}</span> : null}
          </label>
        ))}
      </fieldset>
      {failed ? (
        <p role="alert">{failed === 'FORBIDDEN' ? t('staff.forbidden') : t('app.error')}</p>
      ) : null}
      <p role="status" className="inbox-total">
        {current
          ? state.view === 'list'
            ? t('staff.work.shown', { shown: nodes.length, count: current.totalCount })
            : ''
          : loading
            ? t('app.loading')
            : ''}
      </p>
      {canWrite ? (
        <InboxBulkBar
          selected={[...selected.values()]}
          onClear={() => setSelected(new Map())}
          onDone={reload}
        />
      ) : null}
      {current && nodes.length === 0 ? <p>{t('staff.noTickets')}</p> : null}
      {state.view === 'map' && current ? (
        <InboxMap
          data={points.data?.inboxPoints}
          count={current.totalCount}
          onOpen={(id) => navigate(`/ufficio/${id}`)}
        />
      ) : null}
      {state.view === 'list' && nodes.length > 0 ? (
        <div className="table-wrap">
          <table className="inbox-table">
            <caption className="visually-hidden">{t('staff.inbox')}</caption>
            <thead>
              <tr>
                {canWrite ? (
                  <th scope="col" className="col-check">
                    <input
                      type="checkbox"
                      aria-label={t('staff.work.selectAll')}
                      checked={allSelected}
                      onChange={(e) => {
                        const next = new Map(selected);
                        for (const n of nodes)
                          if (e.target.checked) next.set(n.id, n);
                          else next.delete(n.id);
                        setSelected(next);
                      }}
                    />
                  </th>
                ) : null}
                {sortHeader('CODE', t('list.columns.code'))}
                <th scope="col">{t('list.columns.title')}</th>
                {sortHeader('STATUS', t('list.columns.status'))}
                {sortHeader('SUGGESTED_PRIORITY', t('staff.suggested'))}
                {sortHeader('PRIORITY', t('staff.priority'))}
                {sortHeader('DUE_DATE', t('staff.due'))}
                {sortHeader('CREATED_AT', t('list.columns.created'))}
                {sortHeader('UPDATED_AT', t('staff.work.updated'))}
                {sortHeader('SUPPORTERS', t('list.columns.supporters'), 'num')}
              </tr>
            </thead>
            <tbody>
              {nodes.map((n) => {
                const reasons = n.suggestedPriority.components
                  .filter((c) => c.points > 0)
                  .map(
                    (c) =>
                      `${i18n.language === 'en' ? c.labelEn : c.label}: +${Math.round(c.points)}`,
                  )
                  .join(', ');
                const where = [categoryName(n.category, i18n.language), n.streetName]
                  .filter(Boolean)
                  .join(' · ');
                return (
                  <tr key={n.id} className={selected.has(n.id) ? 'selected' : undefined}>
                    {canWrite ? (
                      <td className="col-check">
                        <input
                          type="checkbox"
                          aria-label={t('staff.work.select', { code: n.code })}
                          checked={selected.has(n.id)}
                          onChange={(e) => toggle(n, e.target.checked)}
                        />
                      </td>
                    ) : null}
                    <td className="nowrap">
                      <Link to={`/ufficio/${n.id}`}>{n.code}</Link>
                    </td>
                    <td className="col-title" title={`${n.title} — ${where}`}>
                      <span className="cell-title">{n.title}</span>
                      <span className="muted cell-where">{where}</span>
                    </td>
                    <td className="nowrap">
                      <StatusBadge status={n.status} />
                    </td>
                    <td className="nowrap" title={reasons}>
                      {t(`staff.priorities.${n.suggestedPriority.value}`)}
                      {reasons ? <span className="visually-hidden"> ({reasons})</span> : null}
                    </td>
                    <td className="nowrap">{t(`staff.priorities.${n.priority}`)}</td>
                    <td className="nowrap">
                      {shortDate(n.dueAt, i18n.language, true)}{' '}
                      {n.overdue ? (
                        <span className="badge badge-overdue">{t('staff.overdue')}</span>
                      ) : n.dueSoon ? (
                        <span className="badge badge-due-soon">{t('staff.dueSoon')}</span>
                      ) : null}
                    </td>
                    <td className="nowrap">{shortDate(n.createdAt, i18n.language)}</td>
                    <td className="nowrap">{shortDate(n.updatedAt, i18n.language)}</td>
                    <td className="num">{n.supportersCount}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      ) : null}
      {state.view === 'list' && current?.hasNextPage ? (
        <p>
          <button type="button" onClick={loadMore} disabled={loading}>
            {t('staff.work.more')}
          </button>{' '}
          <span className="muted">
            {t('staff.work.shown', { shown: nodes.length, count: current.totalCount })}
          </span>
        </p>
      ) : null}
    </section>
  );
}

/** The inbox's map: a dot per ticket of the filter, all pages; a note when the list was cut. */
function InboxMap({
  data,
  count,
  onOpen,
}: {
  data: InboxPointsData['inboxPoints'] | undefined;
  count: number;
  onOpen: (id: string) => void;
}) {
  const { t } = useTranslation();
  const points = data?.points ?? [];
  const byCode = new Map(points.map((p) => [p.code, p]));
  return (
    <>
      <p className="muted" data-testid="inbox-map-note">
        {!data
          ? t('app.loading')
          : points.length === 0
            ? ''
            : data.truncated
              ? t('staff.work.mapTruncated', { shown: points.length, count })
              : t('staff.work.mapAll', { count: points.length })}
      </p>
      <BaseMap
        label={t('staff.work.mapLabel')}
        className="inbox-map"
        layers={[
          ticketMarkersLayer(
            points.map((p) => ({ code: p.code, status: p.status, position: [p.lon, p.lat] })),
            'inbox-markers',
            (m) => {
              const p = byCode.get(m.code);
              if (p) onOpen(p.id);
            },
          ),
        ]}
        getTooltip={(info) => {
          const m = info.object as { code: string } | undefined;
          const p = m ? byCode.get(m.code) : undefined;
          return p ? `${p.code} – ${p.title}` : null;
        }}
      />
    </>
  );
}
