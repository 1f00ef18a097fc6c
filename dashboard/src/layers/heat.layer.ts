// Client-side heat (deck.gl HeatmapLayer, GPU aggregation) over the same binary positions.
import { HeatmapLayer } from '@deck.gl/aggregation-layers';
import { HEAT_RAMP } from './palette';
import type { PackedPoints } from './points.layer';

/** The heat's colours, low to high density (the legend shows them with the point count). */
export const HEAT_COLORS = HEAT_RAMP;

export function heatLayer(points: PackedPoints): HeatmapLayer {
  return new HeatmapLayer({
    id: 'planning-heat',
    colorRange: HEAT_COLORS,
    data: {
      length: points.count,
      attributes: { getPosition: { value: points.positions, size: 2 } },
    },
    getWeight: 1,
    radiusPixels: 30,
    intensity: 1,
    threshold: 0.05,
    pickable: false,
  });
}
