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
