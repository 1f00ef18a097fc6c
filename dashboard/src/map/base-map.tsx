// The map of every page: deck.gl alone over an offline basemap (boundary + streets from the API),
// optionally under raster tiles when the server has TILE_URL. Keyboard: arrows pan, +/- zoom,
// Enter calls onKeyboardSelect with the centre (the citizen form places its pin there).
import DeckGL from '@deck.gl/react';
import {
  WebMercatorViewport,
  type Layer,
  type MapViewState,
  type PickingInfo,
} from '@deck.gl/core';
import { useEffect, useMemo, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useQuery } from 'urql';
import {
  BASEMAP_QUERY,
  loadClientConfig,
  type BasemapData,
  type ClientConfig,
} from '../api/basemap.operations';
import { boundaryLayer } from '../layers/boundary.layer';
import { rasterTileLayers } from '../layers/raster-tiles.layer';
import {
  streetCasingLayer,
  streetLabels,
  streetLabelsLayer,
  streetPaths,
  streetsLayer,
} from '../layers/streets.layer';
import { bboxOf, type BBox, type LonLat } from './geo';

/** Screen pixels one arrow key moves the map (Shift: eight times as far). */
export const KEY_STEP_PX = 16;
export const FALLBACK_VIEW: MapViewState = {
  longitude: 10.2275,
  latitude: 43.9935,
  zoom: 12.5,
  pitch: 0,
  bearing: 0,
};

export interface BaseMapProps {
  layers?: Layer[];
  viewState?: MapViewState;
  /** Starting view when uncontrolled; without it the map fits the municipal boundary. */
  initialView?: MapViewState;
  onViewStateChange?: (view: MapViewState) => void;
  onMapClick?: (point: LonLat) => void;
  onKeyboardSelect?: (point: LonLat) => void;
  dragPan?: boolean;
  label: string;
  describedBy?: string;
  getTooltip?: (info: PickingInfo) => string | null;
  onAfterRender?: () => void;
  children?: ReactNode;
  className?: string;
}

/**
 * The view that shows the whole box. With a centre (a point on the comune's surface), the view is
 * centred there and zoomed out just enough that the box still fits around it: the centre of the
 * first view, where "put the pin at the centre" and Enter place the pin, is inside the comune even
 * when the middle of its box is not (Pietrasanta's diagonal strip, a comune shaped like a C).
 */
export function fitView(
  bbox: BBox,
  width: number,
  height: number,
  centre?: LonLat | null,
): MapViewState {
  const viewport = new WebMercatorViewport({
    width: Math.max(width, 200),
    height: Math.max(height, 200),
  });
  const box: BBox = centre
    ? (() => {
        const halfLon = Math.max(centre[0] - bbox[0], bbox[2] - centre[0]);
        const halfLat = Math.max(centre[1] - bbox[1], bbox[3] - centre[1]);
        return [centre[0] - halfLon, centre[1] - halfLat, centre[0] + halfLon, centre[1] + halfLat];
      })()
    : bbox;
  const fitted = viewport.fitBounds(
    [
      [box[0], box[1]],
      [box[2], box[3]],
    ],
    { padding: 20 },
  );
  const [longitude, latitude] = centre ?? [fitted.longitude, fitted.latitude];
  return { longitude, latitude, zoom: fitted.zoom, pitch: 0, bearing: 0 };
}

function viewBounds(view: MapViewState, width: number, height: number): BBox {
  const vp = new WebMercatorViewport({
    ...view,
    width: Math.max(width, 1),
    height: Math.max(height, 1),
  });
  const [minLon, minLat, maxLon, maxLat] = vp.getBounds();
  return [minLon, minLat, maxLon, maxLat];
}

export function BaseMap(props: BaseMapProps) {
  const { t } = useTranslation();
  const container = useRef<HTMLDivElement>(null);
  const [size, setSize] = useState({ width: 800, height: 480 });
  const [ownView, setOwnView] = useState<MapViewState | null>(props.initialView ?? null);
  const [config, setConfig] = useState<ClientConfig>({ tileUrl: null, tileAttribution: null });
  const [{ data }] = useQuery<BasemapData>({ query: BASEMAP_QUERY });
  const measured = size.width !== 800 || size.height !== 480;
  // data-drawn once a frame with the comune's streets is on screen (the page-weight bench waits for it).
  const [drawn, setDrawn] = useState(false);

  useEffect(() => {
    void loadClientConfig().then(setConfig);
    const el = container.current;
    if (!el) return;
    const rect = el.getBoundingClientRect();
    if (rect.width > 0) setSize({ width: rect.width, height: rect.height });
    const observer = new ResizeObserver(([entry]) =>
      setSize({ width: entry.contentRect.width, height: entry.contentRect.height }),
    );
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  const bbox = useMemo(() => (data ? bboxOf([data.municipality.boundary]) : null), [data]);
  const centre = data?.municipality.centre ?? null;
  const view =
    props.viewState ??
    ownView ??
    (bbox ? fitView(bbox, size.width, size.height, centre) : FALLBACK_VIEW);
  const setView = (next: MapViewState) => {
    if (props.onViewStateChange) props.onViewStateChange(next);
    else setOwnView(next);
  };
  const fitted = useRef(false);
  // A view deck.gl passed up on its own (it normalises the starting view, no one touching the map):
  // a controlling parent that stored it has not chosen a view, so the fit below still applies. Without
  // this, a parent held the fallback view (Seravezza's) from before the boundary arrived, and another
  // comune's map opened there, its boundary at the edges.
  const autoView = useRef<MapViewState | null>(null);
  useEffect(() => {
    // Tell a controlling parent the fitted starting view once, so "centre" actions work before any pan.
    const chosen = props.viewState && props.viewState !== autoView.current;
    if (bbox && measured && !chosen && !props.initialView && !fitted.current) {
      fitted.current = true;
      setView(fitView(bbox, size.width, size.height, centre));
    }
  }, [bbox, measured]);

  // A stable object: a new controller prop on every render resets deck's gesture recognisers.
  const dragPan = props.dragPan ?? true;
  const controller = useMemo(
    () => ({ dragPan, keyboard: false, doubleClickZoom: false }),
    [dragPan],
  );
  const paths = useMemo(() => (data ? streetPaths(data.streetGeometries) : []), [data]);
  const labels = useMemo(() => (data ? streetLabels(data.streetGeometries) : []), [data]);
  const base: Layer[] = [];
  if (config.tileUrl)
    base.push(
      ...rasterTileLayers(config.tileUrl, viewBounds(view, size.width, size.height), view.zoom),
    );
  if (data && !config.tileUrl)
    base.push(
      boundaryLayer(data.municipality.boundary),
      streetCasingLayer(paths),
      streetsLayer(paths),
    );
  if (data) base.push(streetLabelsLayer(labels, view.zoom));

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    // A step is a fixed distance on screen: 16 pixels (about 30 m at zoom 17), 128 with Shift. The old
    // step (100 / 2^zoom degrees, ~ 190 pixels) put the crosshair outside the comune in three presses.
    const pixels = event.shiftKey ? KEY_STEP_PX * 8 : KEY_STEP_PX;
    const step = (pixels * 360) / (512 * 2 ** view.zoom);
    const latStep = step * Math.cos((view.latitude * Math.PI) / 180);
    const moves: Record<string, [number, number, number]> = {
      ArrowLeft: [-step, 0, 0],
      ArrowRight: [step, 0, 0],
      ArrowUp: [0, latStep, 0],
      ArrowDown: [0, -latStep, 0],
      '+': [0, 0, 1],
      '=': [0, 0, 1],
      '-': [0, 0, -1],
    };
    const move = moves[event.key];
    if (move) {
      event.preventDefault();
      setView({
        ...view,
        longitude: view.longitude + move[0],
        latitude: view.latitude + move[1],
        zoom: Math.min(20, Math.max(10, view.zoom + move[2])),
      });
    } else if (event.key === 'Enter' && props.onKeyboardSelect) {
      event.preventDefault();
      props.onKeyboardSelect([view.longitude, view.latitude]);
    }
  };

  return (
    <div className={`map ${props.className ?? ''}`} data-drawn={drawn ? 'true' : undefined}>
      <div
        ref={container}
        className="map-canvas"
        role="application"
        tabIndex={0}
        aria-label={props.label}
        aria-describedby={props.describedBy}
        onKeyDown={onKeyDown}
      >
        <DeckGL
          viewState={view}
          onViewStateChange={({ viewState, interactionState }) => {
            const next = viewState as MapViewState;
            const touched =
              interactionState.isDragging ||
              interactionState.isPanning ||
              interactionState.isZooming ||
              interactionState.isRotating;
            const unchosen = !props.viewState || props.viewState === autoView.current;
            if (!touched && !fitted.current && unchosen) autoView.current = next;
            setView(next);
          }}
          controller={controller}
          layers={[...base, ...(props.layers ?? [])]}
          onClick={(info) => {
            if (info.coordinate && props.onMapClick && !info.layer?.id.startsWith('report-pin')) {
              props.onMapClick([info.coordinate[0], info.coordinate[1]]);
            }
          }}
          getTooltip={props.getTooltip}
          onAfterRender={() => {
            if (data && !drawn) setDrawn(true);
            props.onAfterRender?.();
          }}
          style={{ position: 'absolute', inset: '0' }}
        />
        {props.onKeyboardSelect ? <span className="map-crosshair" aria-hidden="true" /> : null}
        <div className="map-zoom">
          <button
            type="button"
            onClick={() => setView({ ...view, zoom: Math.min(20, view.zoom + 1) })}
            aria-label={t('map.zoomIn')}
          >
            +
          </button>
          <button
            type="button"
            onClick={() => setView({ ...view, zoom: Math.max(10, view.zoom - 1) })}
            aria-label={t('map.zoomOut')}
          >
            −
          </button>
        </div>
        <p className="map-attribution">
          {config.tileUrl ? (config.tileAttribution ?? config.tileUrl) : t('map.attribution')}
        </p>
      </div>
      {props.children}
    </div>
  );
}
