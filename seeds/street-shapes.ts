// Where and how long generated streets are. Kept apart from the generator so the numbers are easy to tune.
import { bbox } from '@turf/turf';
import type { Feature, MultiPolygon, Polygon, Position } from 'geojson';

export interface Kernel {
  /** Relative share of the streets drawn from this kernel. */
  weight: number;
  at: Position;
  /** Spread in metres around `at` (normal); 0 means uniform over `bbox`. */
  sigmaM: number;
  bbox: [number, number, number, number];
  /** Mountain side: longer, winding roads. */
  hills?: boolean;
}

/**
 * Population is in the south-west lowland: Querceta near the southern edge and Seravezza town at the
 * foot of the hills; the north of the territory is the Apuan Alps, with few hamlets and long roads.
 */
export function densityKernels(boundary: Feature<Polygon | MultiPolygon>): Kernel[] {
  const box = bbox(boundary) as [number, number, number, number];
  const none: [number, number, number, number] = [0, 0, 0, 0];
  return [
    { weight: 38, at: [10.204, 43.973], sigmaM: 800, bbox: none },
    { weight: 15, at: [10.2285, 43.9935], sigmaM: 500, bbox: none },
    { weight: 27, at: [10.215, 43.981], sigmaM: 900, bbox: none },
    { weight: 20, at: [0, 0], sigmaM: 0, bbox: [box[0], 43.997, box[2], box[3]], hills: true },
  ];
}

/** Plausible length range in metres for a kind of street (DUG). */
export function lengthRange(dug: string): [number, number] {
  switch (dug) {
    case 'PIAZZA':
    case 'PIAZZALE':
      return [80, 220];
    case 'PIAZZETTA':
    case 'PARCHEGGIO':
      return [50, 130];
    case 'PONTE':
      return [25, 80];
    case 'VIALETTO':
      return [60, 250];
    case 'TRAVERSA':
      return [80, 350];
    case 'SENTIERO':
      return [800, 2000];
    case 'VIALE':
      return [300, 900];
    default:
      return [100, 900];
  }
}
