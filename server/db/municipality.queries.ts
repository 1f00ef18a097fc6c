import { queryOne, type Queryable } from './pool.js';

export interface MunicipalityRow {
  id: number;
  name: string;
  istat_code: string;
  code_prefix: string;
  local_srid: number;
  boundary: string; // GeoJSON text
}

const MUNICIPALITY_BY_ISTAT = `
  select id, name, istat_code, code_prefix, local_srid, st_asgeojson(boundary, 6) as boundary
  from municipality where istat_code = $1`;

export function findMunicipalityByIstat(
  db: Queryable,
  istatCode: string,
): Promise<MunicipalityRow | undefined> {
  return queryOne<MunicipalityRow>(db, MUNICIPALITY_BY_ISTAT, [istatCode]);
}

const CONTAINS_POINT = `
  select st_contains(boundary, st_setsrid(st_makepoint($2, $3), 4326)) as inside
  from municipality where id = $1`;

export async function municipalityContains(
  db: Queryable,
  municipalityId: number,
  lon: number,
  lat: number,
): Promise<boolean> {
  const row = await queryOne<{ inside: boolean }>(db, CONTAINS_POINT, [municipalityId, lon, lat]);
  return row?.inside ?? false;
}
