import { Field, ID, ObjectType } from 'type-graphql';
import type { OfficeRow } from '../db/office.queries.js';

@ObjectType({
  description: 'A municipal office that handles reports (e.g. Ufficio Tecnico – Lavori Pubblici).',
})
export class Office {
  @Field(() => ID)
  id!: string;

  @Field(() => String)
  code!: string;

  @Field(() => String)
  name!: string;
}

export function toOffice(row: OfficeRow): Office {
  return { id: String(row.id), code: row.code, name: row.name };
}
