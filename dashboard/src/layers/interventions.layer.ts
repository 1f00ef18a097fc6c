// Interventions on the planning map: the area each covers (its street buffered, a drawn polygon, or the
// hull of its reports), filled and outlined in the colour of its phase (the same hues as the badges).
import { GeoJsonLayer } from '@deck.gl/layers';
import type { InterventionStatus } from '../api/intervention.operations';
import type { RGB } from './palette';

export const INTERVENTION_COLORS: Record<InterventionStatus, RGB> = {
  PLANNED: [122, 86, 0],
  SCHEDULED: [0, 90, 140],
  IN_PROGRESS: [106, 44, 145],
  COMPLETED: [10, 107, 58],
  CANCELLED: [74, 79, 85],
};

export interface InterventionArea {
  id: string;
  title: string;
  status: InterventionStatus;
  area: { type: string; coordinates: unknown } | null;
}

interface AreaFeature {
  type: 'Feature';
  properties: InterventionArea;
  geometry: { type: string; coordinates: unknown };
}

export function interventionsLayer(
  items: readonly InterventionArea[],
  visible: boolean,
  onPick: (i: InterventionArea) => void,
): GeoJsonLayer<AreaFeature['properties']> {
  const features: AreaFeature[] = items
    .filter((i) => i.area !== null)
    .map((i) => ({ type: 'Feature', properties: i, geometry: i.area! }));
  return new GeoJsonLayer<AreaFeature['properties']>({
    id: 'planning-interventions',
    visible,
    // GeoJsonLayer's typing wants its own Feature type; these are valid GeoJSON features.
    data: { type: 'FeatureCollection', features } as never,
    stroked: true,
    filled: true,
    getFillColor: (f) => [...INTERVENTION_COLORS[f.properties.status], 70],
    getLineColor: (f) => [...INTERVENTION_COLORS[f.properties.status], 255],
    getLineWidth: 3,
    lineWidthUnits: 'pixels',
    pickable: true,
    onClick: (info) => {
      const f = info.object as AreaFeature | undefined;
      if (f) onPick(f.properties);
      return true;
    },
  });
}
