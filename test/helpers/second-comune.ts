// A second comune in a test database, taken from `territory` (its real ISTAT boundary): one office, one
// category (the same code as Seravezza's, so insertTicket works on it), a few short generated streets
// inside the boundary and the Services of that comune. The real onboarding command is scripts/comune-*.
import type { MunicipalityRow } from '../../server/db/municipality.queries.js';
import { findMunicipalityByIstat } from '../../server/db/municipality.queries.js';
import { comuniChanged } from '../../server/services/comune-changes.js';
import { createServices, type Services } from '../../server/services/services.js';
import type { TestDatabase } from './database.js';

export interface SecondComune {
  municipality: MunicipalityRow;
  services: Services;
  /** The same test database seen from this comune: pass it to createStaff, insertTicket, createGql. */
  db: TestDatabase;
}

export async function addSecondComune(
  db: TestDatabase,
  options: { istat?: string; codePrefix?: string; host?: string; enabled?: boolean } = {},
): Promise<SecondComune> {
  const istat = options.istat ?? '046024';
  const { rows } = await db.pool.query<{ id: number }>(
    `insert into municipality (id, name, istat_code, code_prefix, local_srid, boundary, host, enabled)
     select (select coalesce(max(id), 0) + 1 from municipality), t.name, t.istat_code, $2, 32632,
            t.boundary, $3, $4
     from territory t where t.istat_code = $1
     returning id`,
    [istat, options.codePrefix ?? 'PTS', options.host ?? null, options.enabled ?? true],
  );
  if (!rows[0]) throw new Error(`${istat} is not in territory: was it loaded?`);
  const m = rows[0].id;
  await db.pool.query(
    `insert into office (municipality_id, code, name, email)
     values ($1, 'lavori_pubblici', 'Lavori pubblici', 'lavori@comune.example.org')`,
    [m],
  );
  await db.pool.query(
    `insert into category (municipality_id, code, office_id, name_it, name_en, sla_hours, duplicate_radius_m)
     select $1, 'buca_stradale', o.id, 'Buca stradale', 'Pothole', 72, 50
     from office o where o.municipality_id = $1`,
    [m],
  );
  // Three short east-west lines around a point surely inside the comune.
  await db.pool.query(
    `insert into street (municipality_id, name, name_display, geom, length_m)
     select $1, 'VIA DI PROVA ' || i, 'Via di Prova ' || i, g, st_length(g::geography)
     from (select st_pointonsurface(boundary) as p from municipality where id = $1) c,
          generate_series(1, 3) i,
          lateral (select st_multi(st_makeline(
            st_translate(c.p, -0.001, (i - 2) * 0.0005), st_translate(c.p, 0.001, (i - 2) * 0.0005))) as g) l`,
    [m],
  );
  // As the platform operator's onboarding does: this process's registry re-reads the comuni at once.
  comuniChanged();
  const municipality = await findMunicipalityByIstat(db.pool, istat);
  if (!municipality) throw new Error('second comune not inserted');
  const services = createServices({ pool: db.pool, config: db.config, municipality });
  return { municipality, services, db: { ...db, municipality, services } };
}
