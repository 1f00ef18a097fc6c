// Offices and categories: the routing table of a municipality.
import type { Queryable } from '../db/pool.js';
import { findCategoriesByIds, listCategories, type CategoryRow } from '../db/category.queries.js';
import { findOfficesByIds, listOffices, type OfficeRow } from '../db/office.queries.js';

export class CatalogService {
  constructor(
    private readonly db: Queryable,
    private readonly municipalityId: number,
  ) {}

  categories(includeInactive = false): Promise<CategoryRow[]> {
    return listCategories(this.db, this.municipalityId, includeInactive);
  }

  /** Many categories in one query, in no particular order: the per-request loader's batch (graphql/context.ts). */
  categoriesByIds(ids: readonly number[]): Promise<CategoryRow[]> {
    return findCategoriesByIds(this.db, this.municipalityId, ids);
  }

  offices(): Promise<OfficeRow[]> {
    return listOffices(this.db, this.municipalityId);
  }

  /** Many offices in one query, in no particular order: the per-request loader's batch. */
  officesByIds(ids: readonly number[]): Promise<OfficeRow[]> {
    return findOfficesByIds(this.db, this.municipalityId, ids);
  }
}
