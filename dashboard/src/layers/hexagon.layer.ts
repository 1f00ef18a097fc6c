// Server hexagon cells (heatmap query, ST_HexagonGrid in the metric SRID) coloured by count in quantile
// classes (hexagonBreaks): the legend shows the same classes with their counts.
import { PolygonLayer } from '@deck.gl/layers';
import type { HeatCell } from '../api/planning.operations';
import { classColor, quantileBreaks } from './palette';

export function hexagonBreaks(cells: HeatCell[]): number[] {
  return quantileBreaks(
    cells.map((c) => c.count),
    5,
  );
}

export function hexagonLayer(cells: HeatCell[], breaks: number[]): PolygonLayer<HeatCell> {
  return new PolygonLayer<HeatCell>({
    id: 'planning-hexagons',
    data: cells,
    getPolygon: (d) => d.geometry.coordinates[0] as [number, number][],
    getFillColor: (d) => [...classColor(d.count, breaks), 200],
    getLineColor: [255, 255, 255, 160],
    lineWidthUnits: 'pixels',
    getLineWidth: 1,
    stroked: true,
    filled: true,
    pickable: true,
    updateTriggers: { getFillColor: breaks.join(',') },
  });
}
