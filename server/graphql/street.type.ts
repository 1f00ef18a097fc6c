import { Field, Float, ID, Int, ObjectType } from 'type-graphql';
import type { StreetRow } from '../db/street.queries.js';
import { Connection } from './connection.js';

@ObjectType({
  description: 'A street of the municipality (official name from the national register ANNCSU).',
})
export class Street {
  @Field(() => ID)
  id!: string;

  @Field(() => String, { description: 'Name as people write it, e.g. "Via Fortunato Federigi".' })
  name!: string;

  @Field(() => String, { description: 'Official name in the register, upper case.' })
  officialName!: string;

  @Field(() => String, { nullable: true })
  locality!: string | null;

  @Field(() => Float, { description: 'Length of the street geometry in metres.' })
  lengthM!: number;

  @Field(() => Boolean, {
    description: 'True when the geometry was generated for the demo, not surveyed.',
  })
  generatedGeometry!: boolean;
}

export function toStreet(row: StreetRow): Street {
  return {
    id: String(row.id),
    name: row.name_display,
    officialName: row.name,
    locality: row.locality,
    lengthM: row.length_m,
    generatedGeometry: row.geometry_source === 'generated',
  };
}

@ObjectType()
export class StreetConnection extends Connection(Street, 'Street') {}

@ObjectType({ description: 'How many reports a street has.' })
export class StreetTicketCounts {
  @Field(() => Int, { description: 'Open: received, acknowledged or in progress.' })
  active!: number;

  @Field(() => Int)
  resolved!: number;

  @Field(() => Int, { description: 'All reports, in every status.' })
  total!: number;
}
