// /pianificazione — the planners' map: one layer on at first (the heat), the others one click away
// (server hexagons, 100k binary points, duplicate clusters, streets coloured by a metric), a legend for
// each layer on, the ranked street table and the cluster list (both zoom the map), filters, the from–to
// range and the view kept in the URL; KPIs and charts below.
// Speed (docs/dashboard.md): only the layers that are on are created (each is a shader program to compile,
// slow in software WebGL), memoised so that a re-render reuses them, and only after the page has drawn
// once, so that the filters and the table answer first.
import type { Layer, PickingInfo } from '@deck.gl/core';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
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
import { CLUSTER_FILL, CLUSTER_LINE, clustersLayer } from '../../layers/clusters.layer';
import { HEAT_COLORS, heatLayer } from '../../layers/heat.layer';
import { hexagonBreaks, hexagonLayer } from '../../layers/hexagon.layer';
import { CATEGORY_COLORS, classEntries, type RGB } from '../../layers/palette';
import {
  categoryColors,
  filterByAge,
  pointsLayer,
  type PackedPoints,
} from '../../layers/points.layer';
import {
  metricValue,
  selectedStreetLayer,
  streetBreaks,
  streetMetricLayer,
} from '../../layers/street-metric.layer';
import { BaseMap, fitView } from '../../map/base-map';
import type { GeoJsonGeometry } from '../../api/basemap.operations';
import { bboxOf, decodeBase64 } from '../../map/geo';
import { ClusterList } from './cluster-list';
import {
  InterventionsMapPanel,
  usePlanningInterventions,
} from '../interventions/planning-interventions';
import { ClusterPanel } from './cluster-panel';
import { DataFreshness } from './data-freshness';
import { KpiPanel } from './kpi-panel';
import { LayerLegend, type LegendBlock } from './layer-legend';
import { PlanningFilters } from './planning-filters';
import { ageWindow, exportQuery, toFilter, usePlanningState } from './planning-state';
import { serverOrder, STREET_ROWS, StreetTable, type StreetSort } from './street-table';

/** Hexagon edge of the heat layer: 100 m is the size the server keeps precomputed (municipality.heat_rollup_cells). */
const HEAT_CELL_M = 100;

declare global {
  interface Window {
    __segnalaPlanning?: {
      firstDrawMs?: number;
      /** performance.now() of the first frame with the data layers that are on. */
      firstDrawAtMs?: number;
      /** performance.now() of the latest frame with the data layers, and the filter they showed. */
      drawnAtMs?: number;
      drawnFilter?: string;
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
  const [street, setStreet] = useState<StreetStat | null>(null);
  const [streetSort, setStreetSort] = useState<StreetSort>({ key: 'open', desc: true });
  const timeFilter = useMemo(() => toFilter(state, true), [state]);
  const baseFilter = useMemo(() => toFilter(state, false), [state]);
  const ctx = useMemo(() => ({ requestPolicy: 'cache-first' as const }), []);
  const locale = i18n.language === 'en' ? 'en-GB' : 'it-IT';
  const number = (n: number, digits = 0) =>
    n.toLocaleString(locale, { maximumFractionDigits: digits });

  const on = (id: (typeof state.layers)[number]) => state.layers.includes(id);
  const [hexOn, heatOn, pointsOn, streetsOn, clustersOn] = (
    ['hexagons', 'heat', 'points', 'streets', 'clusters'] as const
  ).map(on);
  const [points] = useQuery<TicketPointsData>({
    query: TICKET_POINTS_QUERY,
    variables: { filter: baseFilter },
    context: ctx,
  });
  // Hidden layers fetch nothing; KPIs, charts and clusters wait for the points so the map draws first.
  const later = !points.data && !points.error;
  const [heat] = useQuery<{ heatmap: HeatCell[] }>({
    query: HEATMAP_QUERY,
    variables: { filter: timeFilter, cellM: HEAT_CELL_M },
    context: ctx,
    pause: !on('hexagons'),
  });
  // The cluster list is always shown: fetched once the map has its points.
  const [clusters] = useQuery<{ duplicateClusters: Cluster[] }>({
    query: CLUSTERS_QUERY,
    variables: { filter: timeFilter, epsM: 50, minPoints: 2 },
    context: ctx,
    pause: later && !on('clusters'),
  });
  type StreetsData = { streetStats: { totalCount: number; edges: { node: StreetStat }[] } };
  // The table ranks by its sorted figure on the server; the layer by the chosen metric (often the same query).
  const [tableStreets] = useQuery<StreetsData>({
    query: STREET_STATS_QUERY,
    variables: { filter: timeFilter, orderBy: serverOrder(streetSort.key), first: STREET_ROWS },
    context: ctx,
  });
  const [streets] = useQuery<StreetsData>({
    query: STREET_STATS_QUERY,
    variables: { filter: timeFilter, orderBy: state.metric, first: STREET_ROWS },
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
  // The state is a new object every render: the subset is keyed by the window's value.
  const age = ageWindow(state);
  const ageKey = age ? age.join('-') : '';
  const shown = useMemo(() => (packed ? filterByAge(packed, age) : null), [packed, ageKey]);
  const colors = useMemo(
    () => (shown && pointsOn ? categoryColors(shown) : null),
    [shown, pointsOn],
  );

  // Data layers wait for the page's first frame (basemap, filters and table first), then one more task.
  const [layersReady, setLayersReady] = useState(false);
  const firstFrame = useRef(false);
  useEffect(() => {
    if (!firstFrame.current) return;
    const timer = window.setTimeout(() => setLayersReady(true), 0);
    return () => window.clearTimeout(timer);
  });

  // One memo per layer: a re-render (a hover, a table sort) hands deck.gl the same layer, no recompute.
  const hexCells = heat.data?.heatmap;
  const hexBreaks = useMemo(() => (hexCells ? hexagonBreaks(hexCells) : []), [hexCells]);
  const hexLayer = useMemo(
    () => (hexCells && hexOn ? hexagonLayer(hexCells, hexBreaks) : null),
    [hexCells, hexBreaks, hexOn],
  );
  const heatMapLayer = useMemo(() => (shown && heatOn ? heatLayer(shown) : null), [shown, heatOn]);
  const pointLayer = useMemo(
    () => (shown && colors ? pointsLayer(shown, colors) : null),
    [shown, colors],
  );
  const streetRows = streets.data?.streetStats.edges.map((e) => e.node);
  const streetsData = streets.data;
  const stBreaks = useMemo(
    () => (streetsData ? streetBreaks(streetRows ?? [], state.metric) : []),
    [streetsData, state.metric],
  );
  const streetLayer = useMemo(
    () =>
      streetsData && streetsOn ? streetMetricLayer(streetRows ?? [], state.metric, stBreaks) : null,
    [streetsData, state.metric, stBreaks, streetsOn],
  );
  const clusterRows = clusters.data?.duplicateClusters;
  const clusterLayer = useMemo(
    () => (clusterRows && clustersOn ? clustersLayer(clusterRows, setCluster, cluster?.id) : null),
    [clusterRows, cluster?.id, clustersOn],
  );
  const selectedLayer = useMemo(() => (street ? selectedStreetLayer(street) : null), [street]);

  // Layers of other views (the interventions' layer) join here, with a LegendBlock below.
  const programme = usePlanningInterventions(); // issue 13: the interventions layer and its panel
  const dataLayers = [hexLayer, heatMapLayer, pointLayer, streetLayer, clusterLayer].filter(
    (l): l is NonNullable<typeof l> => l !== null,
  ) as Layer[];
  const layers: Layer[] = layersReady
    ? [...dataLayers, ...(selectedLayer ? [selectedLayer] : []), ...programme.layers]
    : [];
  const drawnKey = layersReady && dataLayers.length > 0 ? JSON.stringify(timeFilter) : null;
  const drawnRef = useRef<string | null>(null);
  drawnRef.current = drawnKey;

  const started = useRef(performance.now());
  const onAfterRender = useCallback(() => {
    const stats = (window.__segnalaPlanning ??= { draws: 0 });
    stats.draws += 1;
    if (!firstFrame.current) {
      firstFrame.current = true;
      window.setTimeout(() => setLayersReady(true), 0);
    }
    if (drawnRef.current !== null) {
      stats.drawnAtMs = performance.now();
      stats.drawnFilter = drawnRef.current;
      if (stats.firstDrawMs === undefined) {
        stats.firstDrawMs = performance.now() - started.current;
        stats.firstDrawAtMs = performance.now(); // since navigation start
        stats.pointsCount = shown?.count ?? 0;
      }
    }
  }, [shown]);

  // The map's box, for fitting a street into it.
  const mapBox = useRef<HTMLDivElement>(null);
  const zoomToStreet = (s: StreetStat) => {
    setStreet(s);
    const box = bboxOf([s.geometry as GeoJsonGeometry]);
    const el = mapBox.current?.querySelector('.map-canvas') ?? mapBox.current;
    if (!box || !el) return;
    const view = fitView(box, el.clientWidth, el.clientHeight);
    update({ view: { ...view, zoom: Math.min(18, view.zoom) } });
    showMap();
  };
  // The table and the list are below the map: bring it into sight (the focus stays on the button).
  const showMap = () =>
    mapBox.current?.querySelector('.map-canvas')?.scrollIntoView({ block: 'nearest' });
  const zoomToCluster = (c: Cluster) => {
    setCluster(c);
    const [longitude, latitude] = c.centroid.coordinates;
    update({ view: { longitude, latitude, zoom: 17, pitch: 0, bearing: 0 } });
    showMap();
  };

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

  // A legend for every layer that is on, with the values of its data.
  const legends: LegendBlock[] = [];
  if (heatOn)
    legends.push({
      id: 'heat',
      title: t('planning.layer.heat'),
      caption: t('planning.legendHeat', { count: shown?.count ?? 0 }),
      entries: [
        { color: HEAT_COLORS[0], label: t('planning.legendLow') },
        ...HEAT_COLORS.slice(1, -1).map((color, i) => ({ color, label: String(i) })),
        { color: HEAT_COLORS[HEAT_COLORS.length - 1], label: t('planning.legendHigh') },
      ],
      ramp: true,
    });
  if (on('hexagons') && hexCells)
    legends.push({
      id: 'hexagons',
      title: t('planning.layer.hexagons'),
      caption: t('planning.legendHexagons', { m: HEAT_CELL_M }),
      entries: classEntries(
        hexBreaks,
        Math.min(...hexCells.map((c) => c.count)),
        (n) => number(n),
        true,
      ),
    });
  if (on('points'))
    legends.push({
      id: 'points',
      title: t('planning.layer.points'),
      caption: t('planning.legendPoints'),
      entries: legend.map((l) => ({
        color: CATEGORY_COLORS[l.index % CATEGORY_COLORS.length],
        label: i18n.language === 'en' ? l.nameEn : l.nameIt,
      })),
    });
  if (on('streets') && streetRows) {
    const drawn = streetRows.map((s) => metricValue(s, state.metric)).filter((v) => v > 0);
    legends.push({
      id: 'streets',
      title: t('planning.layer.streets'),
      caption: t('planning.legendStreets', {
        metric: t(`planning.metrics.${state.metric}`),
        count: drawn.length,
      }),
      entries: classEntries(
        stBreaks,
        drawn.length ? Math.min(...drawn) : 0,
        (n) => number(n, state.metric === 'PER_KM_DESC' ? 1 : 0),
        state.metric !== 'PER_KM_DESC',
      ),
    });
  }
  if (on('clusters') && clusterRows) {
    const sizes = clusterRows.map((c) => c.count);
    legends.push({
      id: 'clusters',
      title: t('planning.layer.clusters'),
      caption: t('planning.legendClusters', { count: clusterRows.length }),
      entries: [
        {
          color: blend(CLUSTER_FILL, CLUSTER_LINE),
          label: sizes.length
            ? t('planning.legendClusterSizes', { min: Math.min(...sizes), max: Math.max(...sizes) })
            : t('planning.noClusters'),
        },
      ],
      round: true,
    });
  }

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
        <div ref={mapBox}>
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
          <LayerLegend blocks={legends} />
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
      {/* The planner's lists; other views' panels (interventions) go beside these. */}
      <div className="planning-lists">
        <StreetTable
          rows={tableStreets.data?.streetStats.edges.map((e) => e.node) ?? []}
          totalCount={tableStreets.data?.streetStats.totalCount ?? 0}
          sort={streetSort}
          onSort={setStreetSort}
          selectedId={street?.street.id ?? null}
          onSelect={zoomToStreet}
        />
        <ClusterList
          clusters={clusterRows ?? []}
          selectedId={cluster?.id ?? null}
          onSelect={zoomToCluster}
        />
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

/** The swatch of a translucent fill over the light map, outlined: roughly what the eye sees. */
function blend(fill: [number, number, number, number], line: RGB): RGB {
  const a = fill[3] / 255;
  return [0, 1, 2].map((i) =>
    Math.round(fill[i] * a + 246 * (1 - a) * 0.5 + line[i] * 0.5 * (1 - a)),
  ) as RGB;
}
