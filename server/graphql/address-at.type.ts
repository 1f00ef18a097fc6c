import { Field, Float, ObjectType } from 'type-graphql';
import type { AddressAtRow } from '../db/street.queries.js';
import { Street, toStreet } from './street.type.js';

@ObjectType({
  description:
    'Where a point is as a person says it: the nearest street of the comune and how far it is ("Via Roma, vicino al civico…").',
})
export class AddressAt {
  @Field(() => Street, {
    nullable: true,
    description: 'The nearest street; null only when the comune has no streets loaded.',
  })
  street!: Street | null;

  @Field(() => Float, {
    nullable: true,
    description: 'Metres from the point to that street (0 on its line).',
  })
  distanceM!: number | null;
}

export function toAddressAt(row: AddressAtRow): AddressAt {
  return {
    street: row.street ? toStreet(row.street) : null,
    distanceM: row.distance_m === null ? null : Math.round(row.distance_m * 10) / 10,
  };
}
