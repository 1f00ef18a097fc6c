// Where and how long generated streets are. Kept apart from the generator so the numbers are easy to tune.
import { bbox, pointOnFeature } from '@turf/turf';
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

/**
 * Any other comune, whose settlements we know nothing about: half the streets around a point inside
 * the territory (its main town, roughly), half spread evenly over it. Nothing here is surveyed.
 */
export function genericKernels(boundary: Feature<Polygon | MultiPolygon>): Kernel[] {
  const box = bbox(boundary) as [number, number, number, number];
  const centre = pointOnFeature(boundary).geometry.coordinates;
  const spanM = Math.min(box[2] - box[0], box[3] - box[1]) * 111_320 * 0.7;
  const none: [number, number, number, number] = [0, 0, 0, 0];
  return [
    { weight: 50, at: centre, sigmaM: Math.max(300, spanM / 4), bbox: none },
    { weight: 50, at: [0, 0], sigmaM: 0, bbox: box },
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
