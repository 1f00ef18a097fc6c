// Where is the problem: click or drag on the map, keyboard (Enter at the crosshair), "use my position",
// or a street search that puts the pin half-way along the street.
import type { MapViewState } from '@deck.gl/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useQuery } from 'urql';
import { BASEMAP_QUERY, type BasemapData } from '../../api/basemap.operations';
import { pinLayer } from '../../layers/pin.layer';
import { BaseMap } from '../../map/base-map';
import { midpointOf, type LonLat } from '../../map/geo';
import { StreetSearch } from './street-search';

interface Props {
  value: LonLat | null;
  onChange: (point: LonLat) => void;
  error?: string;
}

export function LocationPicker({ value, onChange, error }: Props) {
  const { t } = useTranslation();
  const [{ data }] = useQuery<BasemapData>({ query: BASEMAP_QUERY });
  // A point carried from another comune's form (report-draft.ts) opens the map on it.
  const [view, setView] = useState<MapViewState | null>(() =>
    value ? { longitude: value[0], latitude: value[1], zoom: 16, pitch: 0, bearing: 0 } : null,
  );
  const [dragging, setDragging] = useState(false);
  const [geoMessage, setGeoMessage] = useState<string | null>(null);

  const moveTo = (point: LonLat, zoom = 17) => {
    onChange(point);
    setView({ longitude: point[0], latitude: point[1], zoom, pitch: 0, bearing: 0 });
  };

  const useMyPosition = () => {
    if (!('geolocation' in navigator)) {
      setGeoMessage(t('map.noGeo'));
      return;
    }
    setGeoMessage(t('map.locating'));
    navigator.geolocation.getCurrentPosition(
      (pos) => {
        setGeoMessage(null);
        moveTo([pos.coords.longitude, pos.coords.latitude]);
      },
      () => setGeoMessage(t('map.noGeo')),
      { enableHighAccuracy: true, timeout: 10000 },
    );
  };

  const layers = [
    pinLayer(
      value,
      (p) => {
        setDragging(true);
        onChange(p);
      },
      () => setDragging(false),
    ),
  ];

  return (
    <fieldset
      className="location-picker"
      id="location"
      tabIndex={-1}
      aria-describedby={error ? 'location-error' : undefined}
    >
      <legend>{t('report.where')}</legend>
      <p id="map-help" className="hint">
        {t('map.help')}
      </p>
      <BaseMap
        label={t('map.label')}
        describedBy="map-help"
        layers={layers}
        viewState={view ?? undefined}
        onViewStateChange={setView}
        dragPan={!dragging}
        onMapClick={(p) => onChange(p)}
        onKeyboardSelect={(p) => onChange(p)}
        className="map-report"
      />
      <div className="map-tools">
        <button
          type="button"
          onClick={() => view && onChange([view.longitude, view.latitude])}
          disabled={!view}
        >
          {t('map.placeCenter')}
        </button>
        <button type="button" onClick={useMyPosition}>
          {t('map.myPosition')}
        </button>
      </div>
      {geoMessage ? <p role="status">{geoMessage}</p> : null}
      <p className="pin-status" aria-live="polite" data-testid="pin-status">
        {value
          ? t('map.pin', { lat: value[1].toFixed(5), lon: value[0].toFixed(5) })
          : t('map.noPin')}
      </p>
      {error ? (
        <p id="location-error" className="error-text">
          {error}
        </p>
      ) : null}
      <StreetSearch
        onPick={(street) => {
          const geometry = data?.streetGeometries.find((s) => s.id === street.id)?.geometry;
          const mid = geometry ? midpointOf(geometry) : null;
          if (mid) moveTo(mid);
        }}
      />
    </fieldset>
  );
}
