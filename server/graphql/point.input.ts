import { Field, Float, InputType } from 'type-graphql';

@InputType({ description: 'A point in WGS84 degrees.' })
export class PointInput {
  @Field(() => Float, { description: 'Latitude, -90 to 90.' })
  lat!: number;

  @Field(() => Float, { description: 'Longitude, -180 to 180.' })
  lon!: number;
}
