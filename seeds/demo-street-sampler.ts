// Picks places along streets for demo reports: a street drawn in proportion to its length (more in the
// lowland, where people live), a point along it, a few metres to the side, always inside the boundary.
import { booleanPointInPolygon } from '@turf/turf';
import type { MultiPolygon, Polygon, Position } from 'geojson';
import type { Prng } from './prng.js';

export interface DemoStreet {
  id: number;
  nameDisplay: string;
  lines: Position[][];
}

export interface Place {
  street: number;
  lon: number;
  lat: number;
}

const M_PER_DEG_LAT = 111_320;
const M_PER_DEG_LON = 111_320 * Math.cos((44 * Math.PI) / 180);
/** Above this latitude the territory is mountains with few people. */
const LOWLAND_MAX_LAT = 43.997;

interface Segment {
  a: Position;
  b: Position;
  metres: number;
}

export class StreetSampler {
  private readonly segments: Segment[][];
  private readonly cumulative: number[];

  constructor(
    readonly streets: readonly DemoStreet[],
    private readonly boundary: Polygon | MultiPolygon,
  ) {
    if (streets.length === 0)
      throw new Error('No streets: load the streets before the demo tickets.');
    this.segments = streets.map((s) =>
      s.lines.flatMap((line) =>
        line.slice(1).map((b, i) => {
          const a = line[i];
          const metres = Math.hypot((b[0] - a[0]) * M_PER_DEG_LON, (b[1] - a[1]) * M_PER_DEG_LAT);
          return { a, b, metres };
        }),
      ),
    );
    let total = 0;
    this.cumulative = this.segments.map((segs, i) => {
      const length = segs.reduce((sum, s) => sum + s.metres, 0);
      const lowland = this.streets[i].lines[0][0][1] < LOWLAND_MAX_LAT ? 4 : 1;
      total += Math.max(length, 20) * lowland;
      return total;
    });
  }

  inside(lon: number, lat: number): boolean {
    return booleanPointInPolygon([lon, lat], this.boundary);
  }

  private pickStreet(rnd: Prng): number {
    const target = rnd.next() * this.cumulative[this.cumulative.length - 1];
    let lo = 0;
    let hi = this.cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.cumulative[mid] > target) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }

  /** A point along a random street, up to ~8 m to its side. */
  place(rnd: Prng): Place {
    for (;;) {
      const street = this.pickStreet(rnd);
      const segs = this.segments[street];
      const seg = segs[Math.floor(rnd.next() * segs.length)];
      if (!seg) continue;
      const t = rnd.next();
      const lon = round6(seg.a[0] + (seg.b[0] - seg.a[0]) * t + (rnd.normal() * 4) / M_PER_DEG_LON);
      const lat = round6(seg.a[1] + (seg.b[1] - seg.a[1]) * t + (rnd.normal() * 4) / M_PER_DEG_LAT);
      if (this.inside(lon, lat)) return { street, lon, lat };
    }
  }

  /** A point within `radius` metres of another one (a second report of the same problem). */
  near(rnd: Prng, lon: number, lat: number, radius: number): { lon: number; lat: number } {
    for (let attempt = 0; attempt < 10; attempt++) {
      const r = radius * Math.sqrt(rnd.next());
      const angle = rnd.range(0, 2 * Math.PI);
      const x = round6(lon + (Math.cos(angle) * r) / M_PER_DEG_LON);
      const y = round6(lat + (Math.sin(angle) * r) / M_PER_DEG_LAT);
      if (this.inside(x, y)) return { lon: x, lat: y };
    }
    return { lon, lat };
  }
}

function round6(v: number): number {
  return Math.round(v * 1e6) / 1e6;
}
