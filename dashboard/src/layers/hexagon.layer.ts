// Server hexagon cells (heatmap query, ST_HexagonGrid in the metric SRID) coloured by count.
import { PolygonLayer } from '@deck.gl/layers';
import type { HeatCell } from '../api/planning.operations';
import { rampColor } from './palette';

export function hexagonLayer(cells: HeatCell[], visible: boolean): PolygonLayer<HeatCell> {
  const max = cells.reduce((m, c) => Math.max(m, c.count), 0);
  return new PolygonLayer<HeatCell>({
    id: 'planning-hexagons',
    visible,
    data: cells,
    getPolygon: (d) => d.geometry.coordinates[0] as [number, number][],
    // Square-root scale: one very busy cell must not wash out all the others.
    getFillColor: (d) => [...rampColor(Math.sqrt(d.count), Math.sqrt(max)), 200],
    getLineColor: [255, 255, 255, 160],
    lineWidthUnits: 'pixels',
    getLineWidth: 1,
    stroked: true,
    filled: true,
    pickable: true,
    updateTriggers: { getFillColor: max },
  });
}
