import { ArgsType, Field, Float, ID, InputType } from 'type-graphql';
import { GraphQLJSONObject } from 'graphql-scalars';
import { parseId, parseIds } from '../domain/id.js';
import type { CreateInterventionInput as DomainInput } from '../services/intervention.service.js';
import { PageArgs } from './connection.js';
import { InterventionStatus, toDomainInterventionStatus } from './intervention.type.js';

@InputType({
  description: 'A new intervention. Its area: streetId, or area, or else the hull of its tickets.',
})
export class CreateInterventionInput {
  @Field(() => String, { description: '1–200 characters.' }) title!: string;
  @Field(() => String, { nullable: true }) description?: string | null;
  @Field(() => ID) officeId!: string;
  @Field(() => ID, { nullable: true }) contractorId?: string | null;
  @Field(() => [ID], {
    description:
      'Open reports to link: they move to in lavorazione with a public note; their reporters and supporters get one mail each.',
  })
  ticketIds!: string[];
  @Field(() => Float, { description: 'Euro, ≥ 0.' }) estimatedCost!: number;
  @Field(() => String, { description: 'YYYY-MM-DD.' }) plannedStart!: string;
  @Field(() => String, { description: 'YYYY-MM-DD, not before plannedStart.' }) plannedEnd!: string;
  @Field(() => ID, { nullable: true }) streetId?: string | null;
  @Field(() => GraphQLJSONObject, {
    nullable: true,
    description: 'A drawn area: GeoJSON Polygon or MultiPolygon (WGS84).',
  })
  area?: Record<string, unknown> | null;
}

export function toCreateInput(input: CreateInterventionInput): DomainInput {
  return {
    title: input.title,
    description: input.description,
    officeId: parseId(input.officeId, 'officeId', 'int4'),
    contractorId: input.contractorId ? parseId(input.contractorId, 'contractorId', 'int4') : null,
    ticketIds: parseIds(input.ticketIds, 'ticketIds', 'int8') ?? [],
    estimatedCost: input.estimatedCost,
    plannedStart: input.plannedStart,
    plannedEnd: input.plannedEnd,
    streetId: input.streetId ? parseId(input.streetId, 'streetId', 'int4') : null,
    area: input.area ?? undefined,
  };
}

@InputType()
export class InterventionFilterInput {
  @Field(() => [InterventionStatus], { nullable: true }) statuses?: InterventionStatus[] | null;
  @Field(() => [ID], { nullable: true }) officeIds?: string[] | null;
}

export function toInterventionFilter(f: InterventionFilterInput | null | undefined) {
  return {
    statuses: f?.statuses?.map(toDomainInterventionStatus),
    officeIds: parseIds(f?.officeIds, 'officeIds', 'int4'),
  };
}

@ArgsType()
export class InterventionsArgs extends PageArgs {
  @Field(() => InterventionFilterInput, { nullable: true })
  filter?: InterventionFilterInput | null;
}
