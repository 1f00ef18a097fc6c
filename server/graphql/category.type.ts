import { Field, Float, ID, Int, ObjectType } from 'type-graphql';
import type { CategoryRow } from '../db/category.queries.js';

@ObjectType({
  description: 'A kind of problem a citizen can report; it decides the office and the SLA.',
})
export class Category {
  @Field(() => ID)
  id!: string;

  @Field(() => String, { description: 'Stable machine code, e.g. "buca_stradale".' })
  code!: string;

  @Field(() => String, { description: 'Italian name.' })
  name!: string;

  @Field(() => String, { description: 'English name.' })
  nameEn!: string;

  @Field(() => String)
  description!: string;

  @Field(() => String)
  descriptionEn!: string;

  @Field(() => Int, { description: 'Target hours from report to resolution (service level).' })
  slaHours!: number;

  @Field(() => Float, {
    description:
      'Open reports of this category within this many metres are offered as possible duplicates.',
  })
  duplicateRadiusM!: number;

  @Field(() => Boolean)
  active!: boolean;

  officeId!: number;

  @Field(() => Float, {
    nullable: true,
    description:
      "Euro to fix one report of this category, kept by admins (setCategoryUnitCost): the base of intervention candidates' estimated cost. Null: 200 € by default.",
  })
  unitCostEur!: number | null;
}

export function toCategory(row: CategoryRow): Category {
  return {
    id: String(row.id),
    code: row.code,
    name: row.name_it,
    nameEn: row.name_en,
    description: row.description_it,
    descriptionEn: row.description_en,
    slaHours: row.sla_hours,
    duplicateRadiusM: row.duplicate_radius_m,
    active: row.active,
    officeId: row.office_id,
    unitCostEur: row.unit_cost_eur,
  };
}
