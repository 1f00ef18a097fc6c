// Client-side heat (deck.gl HeatmapLayer, GPU aggregation) over the same binary positions.
import { HeatmapLayer } from '@deck.gl/aggregation-layers';
import type { PackedPoints } from './points.layer';

export function heatLayer(points: PackedPoints, visible: boolean): HeatmapLayer {
  return new HeatmapLayer({
    id: 'planning-heat',
    visible,
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
