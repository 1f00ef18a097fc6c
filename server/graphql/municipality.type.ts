import { Field, Float, ID, Int, ObjectType } from 'type-graphql';
import { GraphQLJSONObject } from 'graphql-scalars';

@ObjectType({
  description: "The comune's own privacy notice for citizens, in Italian and English.",
})
export class PrivacyNotice {
  @Field(() => String) it!: string;
  @Field(() => String) en!: string;
}

@ObjectType({
  description: "The comune's service targets (its own, or the deployment's defaults).",
})
export class SlaTargets {
  @Field(() => Float, {
    description: "Share of reports to resolve within their category's SLA (0–1].",
  })
  onTimeShare!: number;

  @Field(() => Int, { description: 'Hours within which a report should be acknowledged.' })
  firstResponseHours!: number;
}

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

  @Field(() => String, {
    description:
      'The three letters that open every tracking code of this comune ("SRV" in SRV-7K3M-Q9TX).',
  })
  codePrefix!: string;

  @Field(() => Int, {
    description: 'EPSG code of the local metric projection used for measurements.',
  })
  localSrid!: number;

  @Field(() => GraphQLJSONObject, {
    description: 'Municipal boundary as a GeoJSON MultiPolygon (WGS84, lon/lat).',
  })
  boundary!: Record<string, unknown>;

  @Field(() => [Float], {
    nullable: true,
    description:
      "A point on the comune's surface, [lon, lat] (PostGIS ST_PointOnSurface of the boundary): the centre its maps open on, so that the centre of the first view is inside the comune whatever its shape.",
  })
  centre!: number[] | null;

  @Field(() => String, {
    nullable: true,
    description: "URL of the comune's coat of arms (stemma), or null when it has none set.",
  })
  coatOfArms!: string | null;

  @Field(() => PrivacyNotice, {
    nullable: true,
    description:
      "The comune's current privacy notice (its latest published version) for the report form; null: the app's default text, which names the comune.",
  })
  privacyNotice!: PrivacyNotice | null;

  @Field(() => Int, {
    nullable: true,
    description:
      'The version of privacyNotice (send it with submitReport and joinReport); null: the comune published none.',
  })
  privacyNoticeVersion!: number | null;

  @Field(() => Boolean, {
    description:
      'True: a report reaches the office only once its reporter confirms the e-mail (a link is mailed).',
  })
  reportConfirmation!: boolean;

  @Field(() => SlaTargets)
  slaTargets!: SlaTargets;
}
