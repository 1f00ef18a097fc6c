import { GeoJsonLayer } from '@deck.gl/layers';
import type { GeoJsonGeometry } from '../api/basemap.operations';

/** The municipal boundary: a light fill that reads as "land" and a firm outline. */
export function boundaryLayer(boundary: GeoJsonGeometry): GeoJsonLayer {
  return new GeoJsonLayer({
    id: 'basemap-boundary',
    // GeoJsonLayer's typing wants a Feature; the geometry is a valid GeoJSON MultiPolygon.
    data: { type: 'Feature', properties: {}, geometry: boundary } as never,
    stroked: true,
    filled: true,
    getFillColor: [246, 243, 235, 255],
    getLineColor: [90, 90, 90, 255],
    lineWidthUnits: 'pixels',
    getLineWidth: 2,
    pickable: false,
  });
}
