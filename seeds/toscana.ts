// The Toscana reference data shipped in seeds/data/toscana (see SOURCES.md there): the ISTAT boundary
// of each of the 273 comuni and the ANNCSU street names of the region, read straight from the files.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { Feature, FeatureCollection, MultiPolygon, Polygon } from 'geojson';
import { projectPath } from '../server/project-root.js';
import { displayStreetName, parseCsv, type RegisterStreet } from './street-names.js';

export const TOSCANA_DATA_DIR = projectPath('seeds', 'data', 'toscana');
export const TOSCANA_BOUNDARIES_FILE = path.join(TOSCANA_DATA_DIR, 'comuni.geojson');
export const TOSCANA_STREETS_FILE = path.join(TOSCANA_DATA_DIR, 'odonimi.csv.gz');

interface TerritoryProperties {
  name: string;
  com_istat_code: string;
  com_catasto_code: string;
  prov_acr: string;
  reg_name: string;
}

export interface Territory {
  istatCode: string;
  name: string;
  /** Belfiore (cadastral) code, the key of the street-name file: G628 for Pietrasanta. */
  catastoCode: string;
  provinceCode: string;
  regionName: string;
  boundary: Feature<Polygon | MultiPolygon>;
}

let boundaries: Promise<FeatureCollection<Polygon | MultiPolygon, TerritoryProperties>> | undefined;

/** The comune with this ISTAT code in the Toscana boundary file, or undefined. */
export async function findTerritory(istatCode: string): Promise<Territory | undefined> {
  boundaries ??= readFile(TOSCANA_BOUNDARIES_FILE, 'utf8').then((t) => JSON.parse(t));
  const feature = (await boundaries).features.find(
    (f) => f.properties.com_istat_code === istatCode,
  );
  if (!feature) return undefined;
  const p = feature.properties;
  return {
    istatCode: p.com_istat_code,
    name: p.name,
    catastoCode: p.com_catasto_code,
    provinceCode: p.prov_acr,
    regionName: p.reg_name,
    boundary: feature,
  };
}

/**
 * The ANNCSU street names of one comune (by Belfiore code), one per name (DUG + " " + DUF, as in
 * the register), sorted, with a title-case display name.
 */
export async function readTerritoryStreets(
  catastoCode: string,
  file = TOSCANA_STREETS_FILE,
): Promise<RegisterStreet[]> {
  const [header, ...rows] = parseCsv(gunzipSync(await readFile(file)).toString('utf8'));
  const col = (name: string): number => {
    const index = header.indexOf(name);
    if (index < 0) throw new Error(`${file}: column "${name}" is missing`);
    return index;
  };
  const [id, dug, duf, belfiore] = [
    col('Progressivo_nazionale'),
    col('DUG'),
    col('DUF'),
    col('codice_belfiore'),
  ];
  const byName = new Map<string, RegisterStreet>();
  for (const r of rows) {
    if (r[belfiore] !== catastoCode) continue;
    const name = `${r[dug]} ${r[duf]}`.replace(/\s+/g, ' ').trim();
    if (byName.has(name)) continue;
    byName.set(name, {
      name,
      nameDisplay: displayStreetName(name),
      dug: r[dug],
      anncsuId: r[id] ? Number(r[id]) : null,
    });
  }
  return [...byName.values()].sort((a, b) => a.name.localeCompare(b.name));
}
