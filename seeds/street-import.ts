// Replaces generated street geometries with a real network (e.g. an OpenStreetMap highway export).
// Lines are grouped by name, clipped to the municipal boundary and matched to the register by name
// key. Streets are updated in place, so tickets keep their street ids; none is ever deleted.
import type { Feature, FeatureCollection, Geometry, Position } from 'geojson';
import type pg from 'pg';
import { withTransaction } from '../server/db/pool.js';
import { streetNameKey } from './street-name-key.js';

export interface ImportSummary {
  /** Register streets that got the imported geometry. */
  matched: string[];
  /** Imported names that are not in the register (added only with addUnmatched). */
  unmatched: string[];
  added: number;
  /** Imported names whose lines all lie outside the boundary. */
  outside: string[];
  /** Register streets the import did not mention: they keep their geometry. */
  unchanged: number;
  /** Features without a name or not a line. */
  skipped: number;
}

interface Group {
  key: string;
  name: string;
  lines: Position[][];
}

export function groupByName(collection: FeatureCollection<Geometry | null>): {
  groups: Group[];
  skipped: number;
} {
  const groups = new Map<string, Group>();
  let skipped = 0;
  for (const feature of collection.features as Feature<Geometry | null>[]) {
    const name = typeof feature.properties?.name === 'string' ? feature.properties.name.trim() : '';
    const g = feature.geometry;
    const lines =
      g?.type === 'LineString'
        ? [g.coordinates]
        : g?.type === 'MultiLineString'
          ? g.coordinates
          : [];
    const key = streetNameKey(name);
    if (!key || lines.length === 0) {
      skipped++;
      continue;
    }
    const group = groups.get(key) ?? { key, name, lines: [] };
    group.lines.push(...lines.filter((l) => l.length >= 2));
    groups.set(key, group);
  }
  return { groups: [...groups.values()], skipped };
}

const STAGE = `
  create temp table street_import (key text primary key, name text not null, geom geometry not null) on commit drop`;
const LOAD = `
  insert into street_import (key, name, geom)
  select u.key, u.name, st_multi(st_collectionextract(st_intersection(
           st_force2d(st_setsrid(st_geomfromgeojson(u.geojson), 4326)), m.boundary), 2))
  from unnest($2::text[], $3::text[], $4::text[]) as u(key, name, geojson), municipality m
  where m.id = $1`;
const UPDATE = `
  update street s set geom = i.geom, length_m = st_length(i.geom::geography), geometry_source = 'imported'
  from unnest($2::int[], $3::text[]) as u(id, key) join street_import i on i.key = u.key
  where s.municipality_id = $1 and s.id = u.id`;
const ADD = `
  insert into street (municipality_id, name, name_display, geom, length_m, geometry_source)
  select $1, u.upper, i.name, i.geom, st_length(i.geom::geography), 'imported'
  from unnest($2::text[], $3::text[]) as u(key, upper) join street_import i on i.key = u.key
  on conflict (municipality_id, name) do nothing`;

export async function importStreets(
  pool: pg.Pool,
  municipalityId: number,
  collection: FeatureCollection<Geometry | null>,
  options: { addUnmatched: boolean },
): Promise<ImportSummary> {
  const { groups, skipped } = groupByName(collection);
  return withTransaction(pool, async (tx) => {
    await tx.query(STAGE);
    await tx.query(LOAD, [
      municipalityId,
      groups.map((g) => g.key),
      groups.map((g) => g.name),
      groups.map((g) => JSON.stringify({ type: 'MultiLineString', coordinates: g.lines })),
    ]);
    const staged = await tx.query<{ key: string; name: string; empty: boolean }>(
      'select key, name, st_isempty(geom) as empty from street_import order by name',
    );
    const register = await tx.query<{ id: number; name: string; name_display: string }>(
      'select id, name, name_display from street where municipality_id = $1',
      [municipalityId],
    );
    const byKey = new Map<string, { id: number; name: string }>();
    for (const s of register.rows) {
      byKey.set(streetNameKey(s.name), s);
      byKey.set(streetNameKey(s.name_display), s);
    }
    const inside = staged.rows.filter((r) => !r.empty);
    const matched = inside.filter((r) => byKey.has(r.key));
    const unmatched = inside.filter((r) => !byKey.has(r.key));
    const ids = matched.map((r) => (byKey.get(r.key) as { id: number }).id);
    await tx.query(UPDATE, [municipalityId, ids, matched.map((r) => r.key)]);
    let added = 0;
    if (options.addUnmatched && unmatched.length > 0) {
      const result = await tx.query(ADD, [
        municipalityId,
        unmatched.map((r) => r.key),
        unmatched.map((r) => r.name.toLocaleUpperCase('it-IT')),
      ]);
      added = result.rowCount ?? 0;
    }
    return {
      matched: matched.map((r) => (byKey.get(r.key) as { name: string }).name),
      unmatched: unmatched.map((r) => r.name),
      added,
      outside: staged.rows.filter((r) => r.empty).map((r) => r.name),
      unchanged: register.rows.length - new Set(ids).size,
      skipped,
    };
  });
}
