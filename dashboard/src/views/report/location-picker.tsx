// Where is the problem: click or drag on the map, keyboard (Enter at the crosshair), "use my position",
// or a street search that puts the pin half-way along the street. A pin outside the comune's boundary
// (already loaded for the basemap) is refused at once; a pin inside reads as an address (addressAt:
// "Via Roma, vicino al civico 12"), and the open reports near it are drawn on the map straight away.
import type { MapViewState } from '@deck.gl/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useClient, useQuery } from 'urql';
import { BASEMAP_QUERY, type BasemapData } from '../../api/basemap.operations';
import {
  ADDRESS_AT_QUERY,
  NEARBY_QUERY,
  REPORT_LIMITS,
  type AddressAtData,
  type NearbyTicket,
} from '../../api/citizen.operations';
import { pinLayer } from '../../layers/pin.layer';
import { ticketMarkersLayer } from '../../layers/tickets.layer';
import { BaseMap } from '../../map/base-map';
import { MapLegend } from '../../map/map-legend';
import { containsPoint, midpointOf, type LonLat } from '../../map/geo';
import { Field } from '../common/field';
import { otherComune, type OtherComune } from './report-draft';
import { StreetSearch } from './street-search';

/** Within this many metres of its street, a pin is "on" it; farther, the page says how far. */
const ON_STREET_M = 40;
const HOUSE_NUMBER_MAX = REPORT_LIMITS.houseNumber;

interface Props {
  value: LonLat | null;
  onChange: (point: LonLat) => void;
  error?: string;
  houseNumber: string;
  onHouseNumberChange: (value: string) => void;
  houseNumberError?: string;
  /** A refused pin that lies in another comune served here: the form offers to continue there. */
  onContinueElsewhere?: (point: LonLat, other: OtherComune) => void;
}

export function LocationPicker(props: Props) {
  const { value, error, houseNumber } = props;
  const { t } = useTranslation();
  const [{ data }] = useQuery<BasemapData>({ query: BASEMAP_QUERY });
  const client = useClient();
  const [outside, setOutside] = useState<{ point: LonLat; other: OtherComune | null } | null>(null);
  const boundary = data?.municipality.boundary;
  // Refused at once, not at submit: the pin stays where it was, and the message says why. The server
  // names the comune the point is in when this deployment serves it (OTHER_MUNICIPALITY).
  const onChange = (p: LonLat) => {
    const out = boundary ? !containsPoint(boundary, p) : false;
    if (!out) {
      setOutside(null);
      props.onChange(p);
      return;
    }
    setOutside({ point: p, other: null });
    void client
      .query<AddressAtData>(ADDRESS_AT_QUERY, { location: { lon: p[0], lat: p[1] } })
      .toPromise()
      .then((r) => {
        const other = otherComune(r.error);
        setOutside((now) => (now?.point === p ? { point: p, other } : now));
      });
  };
  const location = value ? { lon: value[0], lat: value[1] } : null;
  const [address] = useQuery<AddressAtData>({
    query: ADDRESS_AT_QUERY,
    variables: { location },
    pause: !location,
  });
  const [nearby] = useQuery<{ nearbyTickets: NearbyTicket[] }>({
    query: NEARBY_QUERY,
    variables: { location },
    pause: !location,
  });
  const nearbyTickets = value ? (nearby.data?.nearbyTickets ?? []) : [];
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

  /** "Via Roma, vicino al civico 12", "a circa 80 m da Via Roma", or the searching note. */
  function placeLabel(): string {
    const found = address.data?.addressAt;
    if (!found?.street) return address.fetching ? t('map.placeSearching') : t('map.placeUnknown');
    const street = found.street.name;
    const number = houseNumber.trim();
    const far = (found.distanceM ?? 0) > ON_STREET_M;
    const m = Math.round((found.distanceM ?? 0) / 10) * 10;
    if (number) return t(far ? 'map.placeNearNumber' : 'map.placeAtNumber', { street, number, m });
    return far ? t('map.placeNear', { street, m }) : street;
  }

  const layers = [
    ticketMarkersLayer(
      nearbyTickets.map((n) => ({
        code: n.code,
        status: n.status,
        position: [n.location.lon, n.location.lat] as LonLat,
      })),
      'nearby-markers',
    ),
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
      <MapLegend pin statuses={Array.from(new Set(nearbyTickets.map((n) => n.status)))} />
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
        {value ? t('map.pin', { place: placeLabel() }) : t('map.noPin')}
      </p>
      {outside ? (
        <div role="alert" data-testid="pin-outside" className="pin-outside">
          <p className="error-text">
            {outside.other
              ? t('map.otherComune', { name: outside.other.name })
              : t('map.outside', { name: data?.municipality.name ?? '' })}
          </p>
          {outside.other && props.onContinueElsewhere ? (
            <button
              type="button"
              className="continue-elsewhere"
              onClick={() =>
                outside.other && props.onContinueElsewhere?.(outside.point, outside.other)
              }
            >
              {t('report.continueThere', { name: outside.other.name })}
            </button>
          ) : null}
        </div>
      ) : null}
      {value && nearbyTickets.length > 0 ? (
        <p className="hint" data-testid="nearby-on-map">
          {t('map.nearbyOnMap', { count: nearbyTickets.length })}
        </p>
      ) : null}
      <Field
        id="f-houseNumber"
        label={t('report.houseNumber')}
        hint={t('report.houseNumberHint')}
        error={props.houseNumberError}
      >
        <input
          type="text"
          inputMode="text"
          autoComplete="off"
          className="house-number"
          maxLength={HOUSE_NUMBER_MAX}
          value={houseNumber}
          onChange={(e) => props.onHouseNumberChange(e.target.value)}
        />
      </Field>
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
