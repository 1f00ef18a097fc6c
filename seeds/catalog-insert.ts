// Writes a comune's offices and report categories: the one statement pair for Seravezza's seed and
// for `comune:add`. Rows already there are left as they are (the seed runs on every first start).
import type { Queryable } from '../server/db/pool.js';
import type { CategorySeed, OfficeSeed } from './seravezza.catalog.js';

export async function insertCatalog(
  tx: Queryable,
  municipalityId: number,
  offices: readonly OfficeSeed[],
  categories: readonly CategorySeed[],
): Promise<void> {
  for (const office of offices)
    await tx.query(
      `insert into office (municipality_id, code, name, email) values ($1, $2, $3, $4)
       on conflict (municipality_id, code) do nothing`,
      [municipalityId, office.code, office.name, office.email],
    );
  for (const [i, c] of categories.entries())
    await tx.query(
      `insert into category (municipality_id, code, office_id, name_it, name_en, description_it, description_en,
                             sla_hours, duplicate_radius_m, sort_order, unit_cost_eur)
       select $1, $2, o.id, $4, $5, $6, $7, $8, $9, $10, $11 from office o where o.municipality_id = $1 and o.code = $3
       on conflict (municipality_id, code) do nothing`,
      [
        municipalityId,
        c.code,
        c.office,
        c.nameIt,
        c.nameEn,
        c.descriptionIt,
        c.descriptionEn,
        c.slaHours,
        c.duplicateRadiusM,
        i,
        c.unitCostEur ?? null,
      ],
    );
}
