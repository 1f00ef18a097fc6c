import { named, query, queryOne, type Queryable } from './pool.js';

export interface CategoryRow {
  id: number;
  code: string;
  office_id: number;
  name_it: string;
  name_en: string;
  description_it: string;
  description_en: string;
  sla_hours: number;
  duplicate_radius_m: number;
  active: boolean;
  sort_order: number;
  /** Euro per report, for intervention estimates (null: DEFAULT_UNIT_COST_EUR). */
  unit_cost_eur: number | null;
}

const CATEGORY_COLUMNS = `id, code, office_id, name_it, name_en, description_it, description_en,
  sla_hours, duplicate_radius_m, active, sort_order, unit_cost_eur`;

const LIST_CATEGORIES = named(
  'category.list',
  `select ${CATEGORY_COLUMNS} from category
   where municipality_id = $1 and (active or $2) order by sort_order, name_it`,
);

export function listCategories(
  db: Queryable,
  municipalityId: number,
  includeInactive: boolean,
): Promise<CategoryRow[]> {
  return query<CategoryRow>(db, LIST_CATEGORIES, [municipalityId, includeInactive]);
}

export function findCategory(
  db: Queryable,
  municipalityId: number,
  id: number,
): Promise<CategoryRow | undefined> {
  return queryOne<CategoryRow>(
    db,
    `select ${CATEGORY_COLUMNS} from category where municipality_id = $1 and id = $2`,
    [municipalityId, id],
  );
}

export function findCategoriesByIds(
  db: Queryable,
  municipalityId: number,
  ids: readonly number[],
): Promise<CategoryRow[]> {
  return query<CategoryRow>(
    db,
    `select ${CATEGORY_COLUMNS} from category where municipality_id = $1 and id = any($2::int[])`,
    [municipalityId, ids],
  );
}

/** Admins' unit cost of a category (euro per report; null: the default). The row, or undefined. */
export function updateCategoryUnitCost(
  db: Queryable,
  municipalityId: number,
  id: number,
  unitCostEur: number | null,
): Promise<CategoryRow | undefined> {
  return queryOne<CategoryRow>(
    db,
    `update category set unit_cost_eur = $3 where municipality_id = $1 and id = $2 returning ${CATEGORY_COLUMNS}`,
    [municipalityId, id, unitCostEur],
  );
}
