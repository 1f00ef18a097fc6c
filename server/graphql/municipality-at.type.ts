import { Field, ObjectType } from 'type-graphql';

@ObjectType({ description: 'The comune a point is in (ISTAT boundaries), served here or not.' })
export class MunicipalityAt {
  @Field(() => String, { description: 'ISTAT code, six digits ("046024" for Pietrasanta).' })
  istatCode!: string;

  @Field(() => String)
  name!: string;

  @Field(() => Boolean, { description: 'True when this deployment serves the comune.' })
  served!: boolean;

  @Field(() => String, {
    nullable: true,
    description: "The served comune's pages (its host, or /c/{istat}/); null when not served.",
  })
  url!: string | null;
}
