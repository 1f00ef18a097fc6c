import { ScatterplotLayer } from '@deck.gl/layers';
import type { LonLat } from '../map/geo';

/** The chosen point's colour (the map legend shows it too). */
export const PIN_COLOR: [number, number, number] = [200, 30, 30];

/** The citizen's chosen point: a large, draggable marker with a white ring. */
export function pinLayer(
  position: LonLat | null,
  onDrag?: (p: LonLat) => void,
  onDragEnd?: () => void,
): ScatterplotLayer<LonLat> {
  return new ScatterplotLayer<LonLat>({
    id: 'report-pin',
    data: position ? [position] : [],
    getPosition: (d) => d,
    getRadius: 11,
    radiusUnits: 'pixels',
    getFillColor: [...PIN_COLOR, 255],
    getLineColor: [255, 255, 255, 255],
    lineWidthUnits: 'pixels',
    getLineWidth: 3,
    stroked: true,
    pickable: true,
    onDrag: (info) => {
      if (info.coordinate && onDrag) onDrag([info.coordinate[0], info.coordinate[1]]);
      return true;
    },
    onDragEnd: () => {
      onDragEnd?.();
      return true;
    },
  });
}
