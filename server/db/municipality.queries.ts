import { query, queryOne, type Queryable } from './pool.js';

export interface MunicipalityRow {
  id: number;
  name: string;
  istat_code: string;
  code_prefix: string;
  local_srid: number;
  boundary: string; // GeoJSON text
  /** GeoJSON Point text: a point on the boundary's surface (ST_PointOnSurface), where its maps open. */
  centre?: string;
  /** Readable alias in URLs (/pietrasanta/), from the name unless set. */
  slug: string;
  /** Host name that serves this comune alone (segnala.comune.pietrasanta.lu.it), or null. */
  host: string | null;
  /** False closes the comune's public pages and API; its data stays. */
  enabled: boolean;
  /** The comune's own mail sender, or null (see server/services/comune-settings.ts). */
  mail_from: string | null;
  /** Its own settings (coat of arms, privacy notice, SLA targets); comuneSettings() reads them. */
  settings: Record<string, unknown>;
}

const COLUMNS = `id, name, istat_code, code_prefix, local_srid, st_asgeojson(boundary, 6) as boundary,
  st_asgeojson(st_pointonsurface(boundary), 6) as centre, slug, host, enabled, mail_from, settings`;

const MUNICIPALITY_BY_ISTAT = `select ${COLUMNS} from municipality where istat_code = $1`;
const ALL_MUNICIPALITIES = `select id, name, istat_code, slug, host, enabled, updated_key
  from (select *, md5(row(name, code_prefix, local_srid, boundary, slug, host, mail_from, settings)::text) as updated_key from municipality) m
  order by name, id`;

/** How a request finds a comune, without its boundary (the registry re-reads these often). */
export type MunicipalityKey = Pick<
  MunicipalityRow,
  'id' | 'name' | 'istat_code' | 'slug' | 'host' | 'enabled'
> & {
  /** Changes when anything the services hold changes (name, prefix, SRID, boundary, alias, host, settings). */
  updated_key: string;
};

export function findMunicipalityByIstat(
  db: Queryable,
  istatCode: string,
): Promise<MunicipalityRow | undefined> {
  return queryOne<MunicipalityRow>(db, MUNICIPALITY_BY_ISTAT, [istatCode]);
}

/** Every comune of the deployment, enabled or not (a handful to a few hundred rows). */
export function listMunicipalities(db: Queryable): Promise<MunicipalityKey[]> {
  return query<MunicipalityKey>(db, ALL_MUNICIPALITIES);
}

/** Every comune's id and own settings, for jobs that apply a per-comune setting (the photo cleaner). */
export function listMunicipalitySettings(
  db: Queryable,
): Promise<Pick<MunicipalityRow, 'id' | 'settings'>[]> {
  return query<Pick<MunicipalityRow, 'id' | 'settings'>>(
    db,
    'select id, settings from municipality order by id',
  );
}
