// Offices and categories: the routing table of a municipality.
import type { Queryable } from '../db/pool.js';
import { findCategory, listCategories, type CategoryRow } from '../db/category.queries.js';
import { findOffice, listOffices, type OfficeRow } from '../db/office.queries.js';

export class CatalogService {
  constructor(
    private readonly db: Queryable,
    private readonly municipalityId: number,
  ) {}

  categories(includeInactive = false): Promise<CategoryRow[]> {
    return listCategories(this.db, this.municipalityId, includeInactive);
  }

  category(id: number): Promise<CategoryRow | undefined> {
    return findCategory(this.db, this.municipalityId, id);
  }

  offices(): Promise<OfficeRow[]> {
    return listOffices(this.db, this.municipalityId);
  }

  office(id: number): Promise<OfficeRow | undefined> {
    return findOffice(this.db, this.municipalityId, id);
  }
}
