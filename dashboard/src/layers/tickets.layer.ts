import { ScatterplotLayer } from '@deck.gl/layers';
import type { TicketStatus } from '../api/citizen.operations';

export interface TicketMarker {
  code: string;
  status: TicketStatus;
  position: [number, number];
}

/** Colour per status, chosen to stay distinguishable for common colour-vision deficiencies. */
export const STATUS_COLORS: Record<TicketStatus, [number, number, number]> = {
  RECEIVED: [213, 94, 0],
  ACKNOWLEDGED: [230, 159, 0],
  IN_PROGRESS: [0, 114, 178],
  RESOLVED: [0, 158, 115],
  REJECTED: [110, 110, 110],
  DUPLICATE: [150, 150, 150],
};

export function ticketMarkersLayer(
  markers: TicketMarker[],
  id = 'ticket-markers',
  onClick?: (m: TicketMarker) => void,
): ScatterplotLayer<TicketMarker> {
  return new ScatterplotLayer<TicketMarker>({
    id,
    data: markers,
    getPosition: (d) => d.position,
    getRadius: 7,
    radiusUnits: 'pixels',
    getFillColor: (d) => [...STATUS_COLORS[d.status], 235],
    getLineColor: [255, 255, 255, 255],
    stroked: true,
    lineWidthUnits: 'pixels',
    getLineWidth: 1.5,
    pickable: true,
    onClick: (info) => {
      if (info.object && onClick) onClick(info.object);
      return true;
    },
  });
}
