// Streets coloured by a metric from streetStats (open, total, overdue, per km, recurrence), in quantile
// classes of the metric (streetBreaks) that the legend shows.
import { PathLayer } from '@deck.gl/layers';
import type { StreetMetric, StreetStat } from '../api/planning.operations';
import { linesOf, type LonLat } from '../map/geo';
import { classColor, quantileBreaks } from './palette';

interface MetricPath {
  name: string;
  value: number;
  path: LonLat[];
}

export function metricValue(stat: StreetStat, metric: StreetMetric): number {
  switch (metric) {
    case 'OPEN_DESC':
      return stat.open;
    case 'TOTAL_DESC':
      return stat.total;
    case 'OVERDUE_DESC':
      return stat.overdue;
    case 'PER_KM_DESC':
      return stat.ticketsPerKm ?? 0;
    case 'RECURRENCE_DESC':
      return stat.recurrence;
    default: {
      const never: never = metric;
      return never;
    }
  }
}

/** Quantile classes of the metric over the streets where it is above 0 (the ones drawn). */
export function streetBreaks(stats: StreetStat[], metric: StreetMetric): number[] {
  return quantileBreaks(
    stats.map((s) => metricValue(s, metric)).filter((v) => v > 0),
    5,
  );
}

export function streetMetricLayer(
  stats: StreetStat[],
  metric: StreetMetric,
  breaks: number[],
): PathLayer<MetricPath> {
  const paths: MetricPath[] = stats.flatMap((s) =>
    linesOf(s.geometry as { type: string; coordinates: unknown }).map((path) => ({
      name: s.street.name,
      value: metricValue(s, metric),
      path,
    })),
  );
  const max = breaks.at(-1) ?? 0;
  return new PathLayer<MetricPath>({
    id: 'planning-streets',
    data: paths.filter((p) => p.value > 0),
    getPath: (d) => d.path,
    getColor: (d) => [...classColor(d.value, breaks), 255],
    getWidth: (d) => 2 + (6 * d.value) / Math.max(1, max),
    widthUnits: 'pixels',
    capRounded: true,
    pickable: true,
    updateTriggers: { getColor: [metric, breaks.join(',')], getWidth: [metric, max] },
  });
}

/** The street chosen in the table, drawn over everything as a dark casing. */
export function selectedStreetLayer(stat: StreetStat): PathLayer<LonLat[]> {
  return new PathLayer<LonLat[]>({
    id: 'planning-selected-street',
    data: linesOf(stat.geometry as { type: string; coordinates: unknown }),
    getPath: (d) => d,
    getColor: [20, 20, 120, 230],
    getWidth: 10,
    widthUnits: 'pixels',
    capRounded: true,
    pickable: false,
  });
}
