import { Field, Float, ID, InputType } from 'type-graphql';
import { GraphQLDateTime, GraphQLJSONObject } from 'graphql-scalars';
import { parseIds } from '../domain/id.js';
import {
  validateBBox,
  validateDateRange,
  validatePolygon,
  validateSearchText,
  type TicketFilter,
} from '../domain/ticket-filter.js';
import { ReportChannel } from './report-channel.enum.js';
import { TicketStatus, toDomainStatus } from './ticket-status.enum.js';

@InputType({ description: 'A bounding box in WGS84 degrees.' })
export class BBoxInput {
  @Field(() => Float) west!: number;
  @Field(() => Float) south!: number;
  @Field(() => Float) east!: number;
  @Field(() => Float) north!: number;
}

@InputType({
  description:
    'The one filter of every ticket list, map layer, statistic and export. All parts are combined with AND; an empty list means "any".',
})
export class TicketFilterInput {
  @Field(() => [TicketStatus], { nullable: true })
  statuses?: TicketStatus[] | null;

  @Field(() => [ID], { nullable: true })
  categoryIds?: string[] | null;

  @Field(() => [ID], { nullable: true })
  officeIds?: string[] | null;

  @Field(() => [ID], { nullable: true })
  streetIds?: string[] | null;

  @Field(() => [ReportChannel], {
    nullable: true,
    description: 'How the reports arrived: WEB, PHONE, DESK, EMAIL, PEC, IN_PERSON, API.',
  })
  channels?: ReportChannel[] | null;

  @Field(() => GraphQLDateTime, {
    nullable: true,
    description: 'Created at or after this instant.',
  })
  createdFrom?: Date | null;

  @Field(() => GraphQLDateTime, { nullable: true, description: 'Created before this instant.' })
  createdTo?: Date | null;

  @Field(() => BBoxInput, { nullable: true })
  bbox?: BBoxInput | null;

  @Field(() => GraphQLJSONObject, {
    nullable: true,
    description: 'GeoJSON Polygon or MultiPolygon (WGS84): only tickets inside it.',
  })
  polygon?: Record<string, unknown> | null;

  @Field(() => String, {
    nullable: true,
    description: 'Words in the title or description, or a tracking code.',
  })
  text?: string | null;
}

/** Validates the GraphQL input and turns it into the domain filter. */
export function toTicketFilter(input: TicketFilterInput | null | undefined): TicketFilter {
  if (!input) return {};
  validateDateRange(input.createdFrom ?? undefined, input.createdTo ?? undefined);
  return {
    statuses: input.statuses?.length ? input.statuses.map(toDomainStatus) : undefined,
    categoryIds: parseIds(input.categoryIds, 'categoryIds', 'int4'),
    officeIds: parseIds(input.officeIds, 'officeIds', 'int4'),
    streetIds: parseIds(input.streetIds, 'streetIds', 'int4'),
    channels: input.channels?.length ? [...new Set<string>(input.channels)] : undefined,
    createdFrom: input.createdFrom ?? undefined,
    createdTo: input.createdTo ?? undefined,
    bbox: input.bbox ? validateBBox(input.bbox) : undefined,
    polygon: input.polygon ? validatePolygon(input.polygon) : undefined,
    text: validateSearchText(input.text),
  };
}
