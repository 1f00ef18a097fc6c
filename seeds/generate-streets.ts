// npm run seed:streets — regenerates data/seravezza/streets.generated.geojson (committed) from the
// register names and the boundary. The geometries are GENERATED stand-ins, not surveyed streets.
import { writeFile } from 'node:fs/promises';
import { generateStreets } from './street-generator.js';
import { readStreetNames } from './street-names.js';
import { GENERATED_STREETS_FILE, readBoundary } from './streets.js';

export const STREET_SEED = 46028;

const features = generateStreets(await readStreetNames(), await readBoundary(), STREET_SEED);
const collection = {
  type: 'FeatureCollection',
  // Generated file: do not edit by hand. Run `npm run seed:streets` to rebuild it.
  generator:
    'seeds/generate-streets.ts (npm run seed:streets), seed 46028 — geometries are GENERATED, not surveyed',
  features,
};
// One feature per line keeps diffs readable and the file small.
const body = features.map((f) => JSON.stringify(f)).join(',\n');
const head = JSON.stringify({ type: collection.type, generator: collection.generator }).slice(
  0,
  -1,
);
await writeFile(GENERATED_STREETS_FILE, `${head},"features":[\n${body}\n]}\n`);
console.log(`Scritte ${features.length} vie generate in ${GENERATED_STREETS_FILE}`);
