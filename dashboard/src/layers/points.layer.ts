// 100,000 points drawn from binary attributes (ticketPoints): no per-object JavaScript accessors.
import { ScatterplotLayer } from '@deck.gl/layers';
import { CATEGORY_COLORS } from './palette';

export interface PackedPoints {
  count: number;
  positions: Float32Array;
  categories: Uint8Array;
  statuses: Uint8Array;
  ageDays: Uint16Array;
}

/** RGBA per point from its category index (255 = unknown → grey). */
export function categoryColors(points: PackedPoints): Uint8Array {
  const colors = new Uint8Array(points.count * 4);
  for (let i = 0; i < points.count; i++) {
    const c = points.categories[i];
    const rgb = c === 255 ? [120, 120, 120] : CATEGORY_COLORS[c % CATEGORY_COLORS.length];
    colors.set([rgb[0], rgb[1], rgb[2], 220], i * 4);
  }
  return colors;
}

/** The subset whose age in days lies in [minAge, maxAge]; the same arrays when no window is given. */
export function filterByAge(points: PackedPoints, window: [number, number] | null): PackedPoints {
  if (!window) return points;
  const keep: number[] = [];
  for (let i = 0; i < points.count; i++)
    if (points.ageDays[i] >= window[0] && points.ageDays[i] <= window[1]) keep.push(i);
  const out: PackedPoints = {
    count: keep.length,
    positions: new Float32Array(keep.length * 2),
    categories: new Uint8Array(keep.length),
    statuses: new Uint8Array(keep.length),
    ageDays: new Uint16Array(keep.length),
  };
  keep.forEach((src, dst) => {
    out.positions[dst * 2] = points.positions[src * 2];
    out.positions[dst * 2 + 1] = points.positions[src * 2 + 1];
    out.categories[dst] = points.categories[src];
    out.statuses[dst] = points.statuses[src];
    out.ageDays[dst] = points.ageDays[src];
  });
  return out;
}

export function pointsLayer(points: PackedPoints, colors: Uint8Array): ScatterplotLayer {
  return new ScatterplotLayer({
    id: 'planning-points',
    data: {
      length: points.count,
      attributes: {
        getPosition: { value: points.positions, size: 2 },
        getFillColor: { value: colors, size: 4, normalized: true },
      },
    },
    radiusUnits: 'pixels',
    getRadius: 3,
    radiusMinPixels: 2,
    stroked: false,
    pickable: false,
    updateTriggers: { getFillColor: colors },
  });
}
