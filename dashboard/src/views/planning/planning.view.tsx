// /pianificazione — the planners' map: server hexagons, client heat, 100k binary points, duplicate
// clusters and streets coloured by a metric; filters and view kept in the URL; KPIs and charts below.
import type { Layer, PickingInfo } from '@deck.gl/core';
import { useCallback, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useQuery } from 'urql';
import { apiPath } from '../../api/comune-base';
import {
  ANALYTICS_MUNICIPALITIES_QUERY,
  CLUSTERS_QUERY,
  HEATMAP_QUERY,
  KPIS_QUERY,
  STREET_STATS_QUERY,
  TICKET_POINTS_QUERY,
  TIME_SERIES_QUERY,
  type AnalyticsMunicipality,
  type Cluster,
  type HeatCell,
  type KpiRow,
  type StreetStat,
  type TicketPointsData,
  type TimeSeriesRow,
} from '../../api/planning.operations';
import { clustersLayer } from '../../layers/clusters.layer';
import { heatLayer } from '../../layers/heat.layer';
import { hexagonLayer } from '../../layers/hexagon.layer';
import { CATEGORY_COLORS } from '../../layers/palette';
import {
  categoryColors,
  filterByAge,
  pointsLayer,
  type PackedPoints,
} from '../../layers/points.layer';
import { streetMetricLayer } from '../../layers/street-metric.layer';
import { BaseMap } from '../../map/base-map';
import {
  InterventionsMapPanel,
  usePlanningInterventions,
} from '../interventions/planning-interventions';
import { decodeBase64 } from '../../map/geo';
import { ClusterPanel } from './cluster-panel';
import { DataFreshness } from './data-freshness';
import { KpiPanel } from './kpi-panel';
import { PlanningFilters } from './planning-filters';
import { ageWindow, exportQuery, toFilter, usePlanningState } from './planning-state';

/** Hexagon edge of the heat layer: 100 m is the size the server keeps precomputed (municipality.heat_rollup_cells). */
const HEAT_CELL_M = 100;

declare global {
  interface Window {
    __segnalaPlanning?: {
      firstDrawMs?: number;
      firstDrawAtMs?: number;
      pointsDataAtMs?: number;
      pointsCount?: number;
      draws: number;
    };
  }
}

function decodePoints(data: TicketPointsData['ticketPoints']): PackedPoints {
  return {
    count: data.count,
    positions: new Float32Array(decodeBase64(data.positions)),
    categories: new Uint8Array(decodeBase64(data.categories)),
    statuses: new Uint8Array(decodeBase64(data.statuses)),
    ageDays: new Uint16Array(decodeBase64(data.ageDays)),
  };
}

export default function PlanningView() {
  const { t, i18n } = useTranslation();
  const [state, update] = usePlanningState();
  const [cluster, setCluster] = useState<Cluster | null>(null);
  const timeFilter = useMemo(() => toFilter(state, true), [state]);
  const baseFilter = useMemo(() => toFilter(state, false), [state]);
  const ctx = useMemo(() => ({ requestPolicy: 'cache-first' as const }), []);

  const [points] = useQuery<TicketPointsData>({
    query: TICKET_POINTS_QUERY,
    variables: { filter: baseFilter },
    context: ctx,
  });
  // Hidden layers fetch nothing; KPIs and charts wait for the points so the map draws first.
  const on = (id: (typeof state.layers)[number]) => state.layers.includes(id);
  const later = !points.data && !points.error;
  const [heat] = useQuery<{ heatmap: HeatCell[] }>({
    query: HEATMAP_QUERY,
    variables: { filter: timeFilter, cellM: HEAT_CELL_M },
    context: ctx,
    pause: !on('hexagons'),
  });
  const [clusters] = useQuery<{ duplicateClusters: Cluster[] }>({
    query: CLUSTERS_QUERY,
    variables: { filter: timeFilter, epsM: 50, minPoints: 2 },
    context: ctx,
    pause: !on('clusters'),
  });
  const [streets] = useQuery<{ streetStats: { edges: { node: StreetStat }[] } }>({
    query: STREET_STATS_QUERY,
    variables: { filter: timeFilter, orderBy: state.metric, first: 100 },
    context: ctx,
    pause: !on('streets'),
  });
  const [kpis] = useQuery<{ kpis: KpiRow[] }>({
    query: KPIS_QUERY,
    variables: { filter: timeFilter, groupBy: 'CATEGORY' },
    context: ctx,
    pause: later,
  });
  // Received by channel (web form, phone, desk…), read from the tickets: the rollups have no channel.
  const [byChannel] = useQuery<{ kpis: KpiRow[] }>({
    query: KPIS_QUERY,
    variables: { filter: timeFilter, groupBy: 'CHANNEL' },
    context: ctx,
    pause: later,
  });
  // A sovracomunale planner reading several comuni also gets them side by side.
  const [byMunicipality] = useQuery<{ kpis: KpiRow[] }>({
    query: KPIS_QUERY,
    variables: { filter: timeFilter, groupBy: 'MUNICIPALITY' },
    context: ctx,
    pause: later || state.comuni.length < 2,
  });
  const [comuni] = useQuery<{ analyticsMunicipalities: AnalyticsMunicipality[] }>({
    query: ANALYTICS_MUNICIPALITIES_QUERY,
    context: ctx,
  });
  const [series] = useQuery<{ timeSeries: TimeSeriesRow[] }>({
    query: TIME_SERIES_QUERY,
    variables: { filter: baseFilter, interval: 'MONTH' },
    context: ctx,
    pause: later,
  });

  const packed = useMemo(() => {
    if (!points.data) return null;
    // Measured for the report: when the packed points arrived, before decoding and drawing them.
    const stats = (window.__segnalaPlanning ??= { draws: 0 });
    stats.pointsDataAtMs ??= performance.now();
    return decodePoints(points.data.ticketPoints);
  }, [points.data]);
  const shown = useMemo(
    () => (packed ? filterByAge(packed, ageWindow(state.month)) : null),
    [packed, state.month],
  );
  const colors = useMemo(() => (shown ? categoryColors(shown) : null), [shown]);

  const started = useRef(performance.now());
  const onAfterRender = useCallback(() => {
    const stats = (window.__segnalaPlanning ??= { draws: 0 });
    stats.draws += 1;
    if (shown && stats.firstDrawMs === undefined) {
      stats.firstDrawMs = performance.now() - started.current;
      stats.firstDrawAtMs = performance.now(); // since navigation start
      stats.pointsCount = shown.count;
    }
  }, [shown]);

  const programme = usePlanningInterventions(); // issue 13: the interventions layer and its panel
  const layers: Layer[] = [];
  if (heat.data) layers.push(hexagonLayer(heat.data.heatmap, on('hexagons')));
  if (shown && colors)
    layers.push(heatLayer(shown, on('heat')), pointsLayer(shown, colors, on('points')));
  if (streets.data)
    layers.push(
      streetMetricLayer(
        streets.data.streetStats.edges.map((e) => e.node),
        state.metric,
        on('streets'),
      ),
    );
  if (clusters.data)
    layers.push(clustersLayer(clusters.data.duplicateClusters, on('clusters'), setCluster));
  layers.push(...programme.layers);

  const denied = [points, heat, kpis].some((r) =>
    ['UNAUTHENTICATED', 'FORBIDDEN'].includes(String(r.error?.graphQLErrors[0]?.extensions?.code)),
  );
  const tooltip = (info: PickingInfo): string | null => {
    const o = info.object as { count?: number; name?: string; value?: number } | undefined;
    if (!o) return null;
    if (info.layer?.id === 'planning-hexagons') return `${o.count}`;
    if (info.layer?.id === 'planning-streets') return `${o.name}: ${o.value}`;
    return null;
  };
  const legend = points.data?.ticketPoints.legend ?? [];
  const query = exportQuery(timeFilter);

  return (
    <section aria-labelledby="planning-title">
      <h1 id="planning-title">{t('planning.title')}</h1>
      {denied ? (
        <p role="alert">
          {t('planning.loginNeeded')} <Link to="/ufficio">{t('app.staff')}</Link>
        </p>
      ) : null}
      <div className="planning">
        <PlanningFilters
          state={state}
          update={update}
          comuni={comuni.data?.analyticsMunicipalities ?? []}
        />
        <div>
          <BaseMap
            label={t('map.label')}
            viewState={state.view ?? undefined}
            onViewStateChange={(view) => update({ view })}
            layers={layers}
            getTooltip={tooltip}
            onAfterRender={onAfterRender}
          />
          <p role="status" data-testid="points-count">
            {t('planning.pointsCount', { count: shown?.count ?? 0 })}
          </p>
          {denied ? null : <DataFreshness />}
          {legend.length > 0 ? (
            <ul className="legend" aria-label={t('planning.legend')}>
              {legend.map((l) => (
                <li key={l.index}>
                  <span
                    className="swatch"
                    style={{
                      background: `rgb(${CATEGORY_COLORS[l.index % CATEGORY_COLORS.length].join(',')})`,
                    }}
                  />
                  {i18n.language === 'en' ? l.nameEn : l.nameIt}
                </li>
              ))}
            </ul>
          ) : null}
          <InterventionsMapPanel programme={programme} />
          {cluster ? <ClusterPanel cluster={cluster} onClose={() => setCluster(null)} /> : null}
          <h2>{t('planning.export')}</h2>
          <div className="actions">
            <a className="button-link" href={apiPath(`/export/tickets.csv${query}`)} download>
              {t('planning.exportCsv')}
            </a>
            <a className="button-link" href={apiPath(`/export/tickets.geojson${query}`)} download>
              {t('planning.exportGeojson')}
            </a>
            <a className="button-link" href={apiPath(`/export/segnalazioni.csv${query}`)} download>
              {t('planning.exportCsvItalian')}
            </a>
            <a
              className="button-link"
              href={apiPath(`/export/segnalazioni.geojson${query}`)}
              download
            >
              {t('planning.exportGeojsonItalian')}
            </a>
          </div>
        </div>
      </div>
      {kpis.data && series.data ? (
        <KpiPanel
          byCategory={kpis.data.kpis}
          byMunicipality={state.comuni.length > 1 ? byMunicipality.data?.kpis : undefined}
          byChannel={byChannel.data?.kpis ?? []}
          series={series.data.timeSeries}
        />
      ) : null}
    </section>
  );
}
