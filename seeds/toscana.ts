// The territory data shipped in seeds/data/toscana (see SOURCES.md there): the ISTAT boundary of each
// of the 273 comuni and the ANNCSU street names of the region, read straight from the files. Another
// region is added the same way: seeds/data/<region>/comuni.geojson (+ odonimi.csv.gz), same format.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { Feature, FeatureCollection, MultiPolygon, Polygon } from 'geojson';
import { projectPath } from '../server/project-root.js';
import { displayStreetName, parseCsv, type RegisterStreet } from './street-names.js';

export const SEED_DATA_ROOT = projectPath('seeds', 'data');
export const BOUNDARIES_FILE_NAME = 'comuni.geojson';
export const STREETS_FILE_NAME = 'odonimi.csv.gz';
export const TOSCANA_DATA_DIR = path.join(SEED_DATA_ROOT, 'toscana');
export const TOSCANA_STREETS_FILE = path.join(TOSCANA_DATA_DIR, STREETS_FILE_NAME);

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
  /** The ANNCSU street-name file beside the boundary file (it may be missing). */
  streetsFile: string;
}

type Collection = FeatureCollection<Polygon | MultiPolygon, TerritoryProperties>;
const collections = new Map<string, Promise<Collection>>();

/** The folders of seeds/data that hold a comuni.geojson (toscana, and any the operator adds). */
async function territoryDirs(): Promise<string[]> {
  const entries = await readdir(SEED_DATA_ROOT, { withFileTypes: true });
  const dirs: string[] = [];
  for (const e of entries.filter((d) => d.isDirectory()).sort((a, b) => (a.name < b.name ? -1 : 1)))
    if ((await readdir(path.join(SEED_DATA_ROOT, e.name))).includes(BOUNDARIES_FILE_NAME))
      dirs.push(path.join(SEED_DATA_ROOT, e.name));
  return dirs;
}

/** The comune with this ISTAT code in the boundary files under seeds/data, or undefined. */
export async function findTerritory(istatCode: string): Promise<Territory | undefined> {
  for (const dir of await territoryDirs()) {
    const file = path.join(dir, BOUNDARIES_FILE_NAME);
    if (!collections.has(file))
      collections.set(
        file,
        readFile(file, 'utf8').then((t) => JSON.parse(t) as Collection),
      );
    const feature = (await collections.get(file)!).features.find(
      (f) => f.properties.com_istat_code === istatCode,
    );
    if (feature) return toTerritory(feature, path.join(dir, STREETS_FILE_NAME));
  }
  return undefined;
}

function toTerritory(
  feature: Feature<Polygon | MultiPolygon, TerritoryProperties>,
  streetsFile: string,
): Territory {
  const p = feature.properties;
  return {
    istatCode: p.com_istat_code,
    name: p.name,
    catastoCode: p.com_catasto_code,
    provinceCode: p.prov_acr,
    regionName: p.reg_name,
    boundary: feature,
    streetsFile,
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
