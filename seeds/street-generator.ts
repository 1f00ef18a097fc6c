// Gives every real register street a GENERATED geometry inside the municipal boundary. No public street
// geometry of Seravezza was available offline, so the demo needs stand-ins: denser in the lowland
// (Querceta, Seravezza town), sparse in the Apuan Alps to the north, with lengths that suit the kind
// of street (a piazza is short, a mountain road is long). Deterministic: same seed, same file.
import { booleanPointInPolygon, lineIntersect, lineString, point, polygonToLine } from '@turf/turf';
import type {
  Feature,
  LineString,
  MultiLineString,
  MultiPolygon,
  Polygon,
  Position,
} from 'geojson';
import { createPrng, type Prng } from './prng.js';
import type { RegisterStreet } from './street-names.js';
import type { StreetFeature } from './streets.js';
import { densityKernels, lengthRange, type Kernel } from './street-shapes.js';

const M_PER_DEG_LAT = 111_320;
const M_PER_DEG_LON = 111_320 * Math.cos((44 * Math.PI) / 180);
const STEP_M = 35;

export const round6 = (v: number): number => Math.round(v * 1e6) / 1e6;

/** Moves [lon, lat] by metres along a bearing (degrees clockwise from north); fine at street scale. */
export function offset([lon, lat]: Position, bearing: number, metres: number): Position {
  const r = (bearing * Math.PI) / 180;
  return [
    round6(lon + (Math.sin(r) * metres) / M_PER_DEG_LON),
    round6(lat + (Math.cos(r) * metres) / M_PER_DEG_LAT),
  ];
}

interface Context {
  rnd: Prng;
  inside: (p: Position) => boolean;
  ring: Feature<LineString | MultiLineString>;
}

/** True when every vertex is inside and no segment crosses the boundary line. */
function fitsInside(ctx: Context, lines: Position[][]): boolean {
  for (const line of lines) {
    if (!line.every(ctx.inside)) return false;
    if (lineIntersect(lineString(line), ctx.ring).features.length > 0) return false;
  }
  return true;
}

function drawCentre(ctx: Context, kernels: Kernel[]): { at: Position; kernel: Kernel } {
  for (;;) {
    const kernel = kernels[ctx.rnd.weighted(kernels.map((k) => k.weight))];
    const at: Position = kernel.sigmaM
      ? offset(kernel.at, ctx.rnd.range(0, 360), Math.abs(ctx.rnd.normal()) * kernel.sigmaM)
      : [
          round6(ctx.rnd.range(kernel.bbox[0], kernel.bbox[2])),
          round6(ctx.rnd.range(kernel.bbox[1], kernel.bbox[3])),
        ];
    if (ctx.inside(at)) return { at, kernel };
  }
}

/** A polyline of about `length` metres: straight-ish in the lowland grid, winding in the hills. */
function walk(
  ctx: Context,
  start: Position,
  bearing: number,
  length: number,
  turn: number,
): Position[] {
  const line = [start];
  let heading = bearing;
  for (let done = 0; done < length; done += STEP_M) {
    heading += ctx.rnd.range(-turn, turn);
    line.push(offset(line[line.length - 1], heading, Math.min(STEP_M, length - done)));
  }
  return line;
}

function piazza(ctx: Context, centre: Position, length: number): Position[] {
  const side = length / 4;
  const bearing = ctx.rnd.range(0, 90);
  const corners = [0, 90, 180, 270].map((b) => offset(centre, bearing + b + 45, side / Math.SQRT2));
  return [...corners, corners[0]];
}

function shape(
  ctx: Context,
  street: RegisterStreet,
  parent: Position[] | undefined,
  kernels: Kernel[],
): Position[][] {
  const [min, max] = lengthRange(street.dug);
  const { at, kernel } = parent
    ? {
        at: ctx.rnd.pick(parent.slice(1, -1).length ? parent.slice(1, -1) : parent),
        kernel: kernels[0],
      }
    : drawCentre(ctx, kernels);
  const hills = kernel.hills === true;
  const length =
    hills && street.dug === 'VIA'
      ? ctx.rnd.range(500, 2000)
      : Math.exp(ctx.rnd.range(Math.log(min), Math.log(max)));
  if (['PIAZZA', 'PIAZZETTA', 'PIAZZALE', 'PARCHEGGIO'].includes(street.dug))
    return [piazza(ctx, at, length)];
  // The lowland grid of Querceta runs across and along the coast (about 55° and 145°).
  const bearing = hills
    ? ctx.rnd.range(0, 360)
    : ctx.rnd.pick([55, 145, 235, 325]) + ctx.rnd.range(-12, 12);
  const lines = [walk(ctx, at, bearing, length, hills ? 22 : 4)];
  if (street.dug === 'VIA' && length > 700 && ctx.rnd.chance(0.15)) {
    const fork = lines[0][Math.floor(lines[0].length / 2)];
    lines.push(walk(ctx, fork, bearing + ctx.rnd.pick([-90, 90]), length / 3, hills ? 22 : 4));
  }
  return lines;
}

/** Parent of a side street: "TRAVERSA A DI VIA CIOCCHE" → "VIA CIOCCHE". */
export function parentName(name: string): string | undefined {
  return /^TRAVERSA [A-Z] DI (.+)$/.exec(name)?.[1];
}

export function generateStreets(
  register: readonly RegisterStreet[],
  boundary: Feature<Polygon | MultiPolygon>,
  seed: number,
  kernels: Kernel[] = densityKernels(boundary),
): StreetFeature[] {
  const ctx: Context = {
    rnd: createPrng(seed),
    inside: (p) => booleanPointInPolygon(point(p), boundary),
    ring: polygonToLine(boundary) as Feature<LineString | MultiLineString>,
  };
  const placed = new Map<string, Position[][]>();
  // Main streets first, so that each traversa can branch off its parent.
  const order = [...register].sort(
    (a, b) => Number(parentName(a.name) !== undefined) - Number(parentName(b.name) !== undefined),
  );
  for (const street of order) {
    const parent = placed.get(parentName(street.name) ?? '')?.[0];
    let lines: Position[][];
    for (let attempt = 0; ; attempt++) {
      lines = shape(
        ctx,
        attempt < 20 ? street : { ...street, dug: 'PONTE' },
        attempt < 10 ? parent : undefined,
        kernels,
      );
      if (fitsInside(ctx, lines)) break;
    }
    placed.set(street.name, lines);
  }
  return register.map((street) => {
    const lines = placed.get(street.name) as Position[][];
    const geometry: LineString | MultiLineString =
      lines.length === 1
        ? { type: 'LineString', coordinates: lines[0] }
        : { type: 'MultiLineString', coordinates: lines };
    return {
      type: 'Feature',
      properties: {
        name: street.name,
        name_display: street.nameDisplay,
        anncsu_id: street.anncsuId,
        generated: true,
      },
      geometry,
    };
  });
}
