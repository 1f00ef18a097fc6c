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
    // The weights are drawn into a float texture and scanned for their maximum on every data change:
    // 2048² by default, seconds of work in software WebGL (a blocked main thread while the canvas is
    // read back); 512² still has two texels per screen pixel-ish at this radius (docs/dashboard.md).
    weightsTextureSize: 512,
    intensity: 1,
    threshold: 0.05,
    pickable: false,
  });
}
