// npm run import:streets -- FILE.geojson [--add-unmatched] [--comune ISTAT]
// Replaces the GENERATED street geometries with a real network: a GeoJSON FeatureCollection of
// LineString/MultiLineString features with a `name` property (e.g. an OpenStreetMap highway export).
// Names are matched to the register ignoring case, accents and punctuation; imported names that are
// not in the register are only reported, unless --add-unmatched adds them as new streets. --comune
// picks a comune added with comune:add (default: Seravezza, 046028).
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import type { FeatureCollection, Geometry } from 'geojson';
import { isDevelopment, loadConfig } from '../server/config.js';
import { embeddedDirFor, openDatabase } from '../server/db/database.js';
import { findMunicipalityByIstat } from '../server/db/municipality.queries.js';
import { exitOnStartupFailure } from '../server/startup-error.js';
import { SERAVEZZA } from './seravezza.catalog.js';
import { importStreets } from './street-import.js';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    'add-unmatched': { type: 'boolean', default: false },
    comune: { type: 'string', default: SERAVEZZA.istatCode },
  },
});
if (positionals.length !== 1) {
  console.error(
    'Uso: npm run import:streets -- FILE.geojson [--add-unmatched] [--comune <codice ISTAT>]',
  );
  process.exit(2);
}
const collection = JSON.parse(
  await readFile(positionals[0], 'utf8'),
) as FeatureCollection<Geometry | null>;
if (collection.type !== 'FeatureCollection' || !Array.isArray(collection.features)) {
  console.error(
    `${positionals[0]}: serve una FeatureCollection GeoJSON (a GeoJSON FeatureCollection is required).`,
  );
  process.exit(2);
}

const config = loadConfig();
const db = await openDatabase({
  databaseUrl: config.databaseUrl,
  embeddedDir: embeddedDirFor(config.dataDir),
  citus: config.citus,
}).catch((error: unknown) =>
  exitOnStartupFailure('npm run import:streets', error, isDevelopment()),
);
try {
  const municipality = await findMunicipalityByIstat(db.pool, values.comune);
  if (!municipality)
    throw new Error(
      `Nessun comune ${values.comune} nel database: aggiungilo con npm run comune:add.`,
    );
  const s = await importStreets(db.pool, municipality.id, collection, {
    addUnmatched: values['add-unmatched'] ?? false,
  });
  const list = (names: string[]) =>
    names.length ? `: ${names.slice(0, 30).join('; ')}${names.length > 30 ? '; …' : ''}` : '';
  console.log(`Vie abbinate al registro (geometria importata) / matched: ${s.matched.length}`);
  console.log(`Nomi non nel registro / unmatched: ${s.unmatched.length}${list(s.unmatched)}`);
  if (s.unmatched.length > 0) {
    console.log(
      values['add-unmatched']
        ? `  aggiunte come nuove vie / added: ${s.added}`
        : '  non aggiunte (usa --add-unmatched per aggiungerle / not added)',
    );
  }
  console.log(`Vie del registro invariate (geometria generata) / unchanged: ${s.unchanged}`);
  if (s.outside.length)
    console.log(
      `Fuori dal confine comunale, ignorate / outside the boundary: ${s.outside.length}${list(s.outside)}`,
    );
  if (s.skipped)
    console.log(`Elementi senza nome o non lineari, ignorati / skipped features: ${s.skipped}`);
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
} finally {
  await db.close();
}
