import { Field, ID, Int, ObjectType } from 'type-graphql';
import { GraphQLJSONObject } from 'graphql-scalars';

@ObjectType({ description: 'The municipality (Comune) this Segnala instance serves.' })
export class Municipality {
  @Field(() => ID)
  id!: string;

  @Field(() => String)
  name!: string;

  @Field(() => String, {
    description: 'ISTAT code as a six-digit string, e.g. "046028" for Seravezza.',
  })
  istatCode!: string;

  @Field(() => Int, {
    description: 'EPSG code of the local metric projection used for measurements.',
  })
  localSrid!: number;

  @Field(() => GraphQLJSONObject, {
    description: 'Municipal boundary as a GeoJSON MultiPolygon (WGS84, lon/lat).',
  })
  boundary!: Record<string, unknown>;
}
