import { Field, Float, ID, InputType } from 'type-graphql';
import { GraphQLDateTime, GraphQLJSONObject } from 'graphql-scalars';
import { badInput } from '../domain/app-error.js';
import { parseIds } from '../domain/id.js';
import type { AnalyticsFilter } from '../services/analytics.service.js';
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

  @Field(() => [ID], {
    nullable: true,
    description:
      'Analytics only (the "Planner:" queries): the comuni to read, each the caller\'s own or one granted to it (a sovracomunale planner); any other is FORBIDDEN. Omitted: the comune of the request. Other lists refuse it.',
  })
  municipalityIds?: string[] | null;
}

/** The analytics' filter: the ticket filter and the comuni it reads (checked by AnalyticsService). */
export function toAnalyticsFilter(input: TicketFilterInput | null | undefined): AnalyticsFilter {
  if (!input) return {};
  const { municipalityIds, ...rest } = input;
  const ids = parseIds(municipalityIds, 'municipalityIds', 'int4');
  if (ids && ids.length > 300)
    throw badInput('municipalityIds', 'Al massimo 300 comuni per richiesta.');
  return { ...toTicketFilter(rest), municipalityIds: ids };
}

/** Validates the GraphQL input and turns it into the domain filter. */
export function toTicketFilter(input: TicketFilterInput | null | undefined): TicketFilter {
  if (!input) return {};
  // A ticket list, map or export is one comune's: only the analytics read several.
  if (input.municipalityIds?.length)
    throw badInput(
      'municipalityIds',
      'Il filtro per comuni vale solo per le analisi di pianificazione.',
    );
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
