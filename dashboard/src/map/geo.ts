// Small geometry helpers for GeoJSON in [lon, lat] order; no dependency on deck.gl.
import type { GeoJsonGeometry } from '../api/basemap.operations';

export type LonLat = [longitude: number, latitude: number];
export type BBox = [minLon: number, minLat: number, maxLon: number, maxLat: number];

function walk(coords: unknown, visit: (p: LonLat) => void): void {
  if (!Array.isArray(coords)) return;
  if (typeof coords[0] === 'number' && typeof coords[1] === 'number') {
    visit([coords[0], coords[1]]);
    return;
  }
  for (const c of coords) walk(c, visit);
}

export function bboxOf(geometries: GeoJsonGeometry[]): BBox | null {
  let box: BBox | null = null;
  for (const g of geometries) {
    walk(g.coordinates, ([lon, lat]) => {
      if (!box) box = [lon, lat, lon, lat];
      else
        box = [
          Math.min(box[0], lon),
          Math.min(box[1], lat),
          Math.max(box[2], lon),
          Math.max(box[3], lat),
        ];
    });
  }
  return box;
}

/** The lines of a LineString or MultiLineString. */
export function linesOf(geometry: GeoJsonGeometry): LonLat[][] {
  if (geometry.type === 'LineString') return [geometry.coordinates as LonLat[]];
  if (geometry.type === 'MultiLineString') return geometry.coordinates as LonLat[][];
  return [];
}

/** A point half-way along the longest line: where a label or a pin for the street goes. */
export function midpointOf(geometry: GeoJsonGeometry): LonLat | null {
  const lines = linesOf(geometry);
  let best: LonLat[] | null = null;
  let bestLength = -1;
  for (const line of lines) {
    const length = lineLength(line);
    if (length > bestLength) {
      best = line;
      bestLength = length;
    }
  }
  if (!best || best.length === 0) return null;
  let remaining = bestLength / 2;
  for (let i = 1; i < best.length; i++) {
    const segment = distance(best[i - 1], best[i]);
    if (segment >= remaining && segment > 0) {
      const t = remaining / segment;
      return [
        best[i - 1][0] + t * (best[i][0] - best[i - 1][0]),
        best[i - 1][1] + t * (best[i][1] - best[i - 1][1]),
      ];
    }
    remaining -= segment;
  }
  return best[0];
}

function lineLength(line: LonLat[]): number {
  let total = 0;
  for (let i = 1; i < line.length; i++) total += distance(line[i - 1], line[i]);
  return total;
}

/** Planar distance in degrees, scaled for latitude; enough to compare lengths within one town. */
function distance(a: LonLat, b: LonLat): number {
  const k = Math.cos((a[1] * Math.PI) / 180);
  return Math.hypot((b[0] - a[0]) * k, b[1] - a[1]);
}

export function decodeBase64(value: string): ArrayBuffer {
  const binary = atob(value);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes.buffer;
}

/** Ray casting over one ring ([lon, lat] positions); a point on the edge may fall either way. */
function inRing(point: LonLat, ring: LonLat[]): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i];
    const [xj, yj] = ring[j];
    if (
      yi > point[1] !== yj > point[1] &&
      point[0] < ((xj - xi) * (point[1] - yi)) / (yj - yi) + xi
    )
      inside = !inside;
  }
  return inside;
}

/**
 * Whether a point is inside a Polygon or MultiPolygon (holes excluded): the form's immediate check of
 * the pin against the comune's boundary. The server decides with ST_Contains on submit.
 */
export function containsPoint(geometry: GeoJsonGeometry, point: LonLat): boolean {
  const polygons =
    geometry.type === 'Polygon'
      ? [geometry.coordinates as LonLat[][]]
      : geometry.type === 'MultiPolygon'
        ? (geometry.coordinates as LonLat[][][])
        : [];
  return polygons.some(
    ([outer, ...holes]) => inRing(point, outer) && !holes.some((h) => inRing(point, h)),
  );
}
