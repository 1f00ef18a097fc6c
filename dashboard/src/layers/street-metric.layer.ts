// Streets coloured by a metric from streetStats (open, total, overdue, per km, recurrence).
import { PathLayer } from '@deck.gl/layers';
import type { StreetMetric, StreetStat } from '../api/planning.operations';
import { linesOf, type LonLat } from '../map/geo';
import { rampColor } from './palette';

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

export function streetMetricLayer(
  stats: StreetStat[],
  metric: StreetMetric,
  visible: boolean,
): PathLayer<MetricPath> {
  const paths: MetricPath[] = stats.flatMap((s) =>
    linesOf(s.geometry as { type: string; coordinates: unknown }).map((path) => ({
      name: s.street.name,
      value: metricValue(s, metric),
      path,
    })),
  );
  const max = paths.reduce((m, p) => Math.max(m, p.value), 0);
  return new PathLayer<MetricPath>({
    id: 'planning-streets',
    visible,
    data: paths.filter((p) => p.value > 0),
    getPath: (d) => d.path,
    getColor: (d) => [...rampColor(d.value, max), 255],
    getWidth: (d) => 2 + (6 * d.value) / Math.max(1, max),
    widthUnits: 'pixels',
    capRounded: true,
    pickable: true,
    updateTriggers: { getColor: [metric, max], getWidth: [metric, max] },
  });
}
