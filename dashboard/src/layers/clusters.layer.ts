// Duplicate clusters: a circle per cluster at its centroid, sized by its radius and ticket count.
import { ScatterplotLayer } from '@deck.gl/layers';
import type { Cluster } from '../api/planning.operations';

export const CLUSTER_FILL: [number, number, number, number] = [120, 40, 160, 90];
export const CLUSTER_LINE: [number, number, number] = [70, 10, 110];

export function clustersLayer(
  clusters: Cluster[],
  onPick: (c: Cluster) => void,
  selectedId?: string | null,
): ScatterplotLayer<Cluster> {
  return new ScatterplotLayer<Cluster>({
    id: 'planning-clusters',
    data: clusters,
    getPosition: (d) => d.centroid.coordinates,
    // Capped: a long DBSCAN chain would otherwise cover half the map.
    getRadius: (d) => Math.min(120, Math.max(25, d.radiusM + 10)),
    radiusUnits: 'meters',
    radiusMinPixels: 8,
    getFillColor: (d) => (d.id === selectedId ? [240, 59, 32, 160] : CLUSTER_FILL),
    getLineColor: [...CLUSTER_LINE, 255],
    getLineWidth: (d) => Math.min(4, 1 + d.count / 4),
    lineWidthUnits: 'pixels',
    stroked: true,
    pickable: true,
    updateTriggers: { getFillColor: selectedId ?? '' },
    onClick: (info) => {
      if (info.object) onPick(info.object);
      return true;
    },
  });
}
