// Duplicate clusters: a circle per cluster at its centroid, sized by its radius and ticket count.
import { ScatterplotLayer } from '@deck.gl/layers';
import type { Cluster } from '../api/planning.operations';

export function clustersLayer(
  clusters: Cluster[],
  visible: boolean,
  onPick: (c: Cluster) => void,
): ScatterplotLayer<Cluster> {
  return new ScatterplotLayer<Cluster>({
    id: 'planning-clusters',
    visible,
    data: clusters,
    getPosition: (d) => d.centroid.coordinates,
    // Capped: a long DBSCAN chain would otherwise cover half the map.
    getRadius: (d) => Math.min(120, Math.max(25, d.radiusM + 10)),
    radiusUnits: 'meters',
    radiusMinPixels: 8,
    getFillColor: [120, 40, 160, 90],
    getLineColor: [70, 10, 110, 255],
    getLineWidth: (d) => Math.min(4, 1 + d.count / 4),
    lineWidthUnits: 'pixels',
    stroked: true,
    pickable: true,
    onClick: (info) => {
      if (info.object) onPick(info.object);
      return true;
    },
  });
}
