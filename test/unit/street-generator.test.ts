import { stat } from 'node:fs/promises';
import {
  booleanPointInPolygon,
  length,
  lineIntersect,
  lineString,
  polygonToLine,
} from '@turf/turf';
import type { Feature, LineString, MultiLineString } from 'geojson';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateStreets } from '../../seeds/street-generator.js';
import { readStreetNames, type RegisterStreet } from '../../seeds/street-names.js';
import {
  GENERATED_STREETS_FILE,
  readBoundary,
  readGeneratedStreets,
  type StreetFeature,
} from '../../seeds/streets.js';

let register: RegisterStreet[];
let boundary: Awaited<ReturnType<typeof readBoundary>>;
let committed: StreetFeature[];

beforeAll(async () => {
  register = await readStreetNames();
  boundary = await readBoundary();
  committed = await readGeneratedStreets();
});

const lines = (f: StreetFeature) =>
  f.geometry.type === 'LineString' ? [f.geometry.coordinates] : f.geometry.coordinates;

describe('street register', () => {
  it('has the 302 ANNCSU names of Seravezza, unique, with ids', () => {
    expect(register).toHaveLength(302);
    expect(new Set(register.map((s) => s.name)).size).toBe(302);
    expect(register.find((s) => s.name === 'VIA FORTUNATO FEDERIGI')?.nameDisplay).toBe(
      'Via Fortunato Federigi',
    );
    expect(register.find((s) => s.name === "VIA CITTA'")?.nameDisplay).toBe('Via Città');
    expect(register.every((s) => s.anncsuId !== null && s.name === s.name.toUpperCase())).toBe(
      true,
    );
  });
});

describe('street generator', () => {
  it('is deterministic: same seed, same geometries; another seed, others', () => {
    const a = generateStreets(register, boundary, 7);
    expect(generateStreets(register, boundary, 7)).toEqual(a);
    expect(generateStreets(register, boundary, 8)).not.toEqual(a);
  });

  it('the committed file is what `npm run seed:streets` makes', () => {
    expect(committed).toEqual(generateStreets(register, boundary, 46028));
  });

  it('gives each register name exactly one feature and invents no name', () => {
    expect(committed.map((f) => f.properties.name)).toEqual(register.map((s) => s.name));
    for (const f of committed) {
      expect(f.properties.generated).toBe(true);
      expect(['LineString', 'MultiLineString']).toContain(f.geometry.type);
    }
  });

  it('keeps every vertex inside the boundary and never crosses it', () => {
    const ring = polygonToLine(boundary) as Feature<LineString | MultiLineString>;
    for (const f of committed) {
      for (const line of lines(f)) {
        for (const p of line)
          expect(booleanPointInPolygon(p, boundary), f.properties.name).toBe(true);
        expect(lineIntersect(lineString(line), ring).features, f.properties.name).toHaveLength(0);
      }
    }
  });

  it('has plausible lengths for the kind of street', () => {
    for (const f of committed) {
      const metres = length(f, { units: 'kilometers' }) * 1000;
      const kind = f.properties.name.split(' ')[0];
      if (['PIAZZA', 'PIAZZETTA', 'PIAZZALE', 'PARCHEGGIO', 'PONTE'].includes(kind))
        expect(metres, f.properties.name).toBeLessThan(300);
      if (kind === 'VIA') expect(metres, f.properties.name).toBeGreaterThan(60);
      expect(metres, f.properties.name).toBeLessThan(3000);
    }
  });

  it('puts most streets in the lowland, south of Seravezza town', () => {
    const south = committed.filter((f) => lines(f)[0][0][1] < 43.997).length;
    expect(south / committed.length).toBeGreaterThan(0.6);
  });

  it('stays small and rounded to 6 decimals', async () => {
    expect((await stat(GENERATED_STREETS_FILE)).size).toBeLessThan(1_000_000);
    for (const f of committed)
      for (const line of lines(f))
        for (const [x, y] of line) {
          expect(Math.round(x * 1e6) / 1e6).toBe(x);
          expect(Math.round(y * 1e6) / 1e6).toBe(y);
        }
  });
});
