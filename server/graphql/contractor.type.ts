import { Field, ID, ObjectType } from 'type-graphql';
import { GraphQLDateTime } from 'graphql-scalars';
import type { ContractorRow, TicketContractorRow } from '../db/contractor.queries.js';

@ObjectType({
  description: 'An external contractor (ditta esterna) the comune forwards tickets to; staff only.',
})
export class Contractor {
  @Field(() => ID) id!: string;
  @Field(() => String) name!: string;
  @Field(() => String, { description: 'Where forwarded tickets are mailed, with their link.' })
  email!: string;
  @Field(() => [ID], { description: 'The categories the contractor usually handles.' })
  categoryIds!: string[];
  @Field(() => GraphQLDateTime, { nullable: true, description: 'Set when no longer used.' })
  disabledAt!: Date | null;
}

export function toContractor(row: ContractorRow): Contractor {
  return {
    id: String(row.id),
    name: row.name,
    email: row.email,
    categoryIds: row.category_ids.map(String),
    disabledAt: row.disabled_at,
  };
}

@ObjectType({ description: "The contractor a ticket is forwarded to, and its link's state." })
export class TicketContractor {
  @Field(() => ID, { description: 'The contractor.' }) id!: string;
  @Field(() => String) name!: string;
  @Field(() => String) email!: string;
  @Field(() => Boolean, { description: 'True when the public timeline names the contractor.' })
  shownToCitizen!: boolean;
  @Field(() => GraphQLDateTime) forwardedAt!: Date;
  @Field(() => GraphQLDateTime) linkExpiresAt!: Date;
  @Field(() => Boolean, { description: 'The link still opens its forms.' }) linkActive!: boolean;
  @Field(() => GraphQLDateTime, {
    nullable: true,
    description: 'When the contractor marked the work done: the office confirms the resolution.',
  })
  doneAt!: Date | null;
}

export function toTicketContractor(row: TicketContractorRow, now = new Date()): TicketContractor {
  return {
    id: String(row.contractor_id),
    name: row.name,
    email: row.email,
    shownToCitizen: row.show_name,
    forwardedAt: row.created_at,
    linkExpiresAt: row.expires_at,
    linkActive: !row.revoked_at && !row.done_at && row.expires_at > now,
    doneAt: row.done_at,
  };
}
