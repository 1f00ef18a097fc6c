// Writes a comune's offices, report categories and the categories' questions: the one set of statements
// for Seravezza's seed and for `comune:add`. Rows already there are left as they are (the seed runs on
// every first start; admins may have changed the questions since).
import type { Queryable } from '../server/db/pool.js';
import type { ComuneTemplate } from './comune-template.js';
import type { CategorySeed, OfficeSeed } from './seravezza.catalog.js';

/** A question of the template: its category's code, then what setCategoryQuestions takes. */
export type QuestionSeed = ComuneTemplate['questions'][number];

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
                             sla_hours, duplicate_radius_m, sort_order)
       select $1, $2, o.id, $4, $5, $6, $7, $8, $9, $10 from office o where o.municipality_id = $1 and o.code = $3
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
      ],
    );
  // Unit costs for intervention estimates (sql/063), kept apart: the seed also runs on databases migrated
  // only part of the way (test/integration/migrations.test.ts upgrades one from 032), where the column
  // is not there yet. Only a category without a cost gets one: an admin's figure stays.
  const { rows } = await tx.query<{ n: number }>(
    `select count(*)::int as n from information_schema.columns
     where table_schema = current_schema() and table_name = 'category' and column_name = 'unit_cost_eur'`,
  );
  if (!rows[0].n) return;
  for (const c of categories)
    if (c.unitCostEur !== undefined)
      await tx.query(
        `update category set unit_cost_eur = $3
         where municipality_id = $1 and code = $2 and unit_cost_eur is null`,
        [municipalityId, c.code, c.unitCostEur],
      );
}

/** Adds the questions a category does not have yet (by code); existing ones are left as admins set them. */
export async function insertQuestions(
  tx: Queryable,
  municipalityId: number,
  questions: readonly QuestionSeed[],
): Promise<void> {
  // A database migrated only part of the way (the upgrade tests seed one at 032) has no questions yet.
  const { rows } = await tx.query<{ present: boolean }>(
    `select to_regclass('category_question') is not null as present`,
  );
  if (!rows[0]?.present) return;
  for (const [i, q] of questions.entries())
    await tx.query(
      `insert into category_question (municipality_id, category_id, code, label_it, label_en, type, required, options, sort_order)
       select $1, c.id, $3, $4, $5, $6, $7, $8::jsonb, $9 from category c where c.municipality_id = $1 and c.code = $2
       on conflict (municipality_id, category_id, code) do nothing`,
      [
        municipalityId,
        q.category,
        q.code,
        q.labelIt,
        q.labelEn,
        q.type,
        q.required,
        JSON.stringify(
          (q.options ?? []).map((o) => ({
            value: o.value,
            label_it: o.labelIt,
            label_en: o.labelEn,
          })),
        ),
        i,
      ],
    );
}
