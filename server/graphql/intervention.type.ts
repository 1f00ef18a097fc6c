import { Field, Float, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { GraphQLDateTime, GraphQLJSONObject } from 'graphql-scalars';
import type { InterventionRow, LinkedTicketRow } from '../db/intervention.queries.js';
import type { InterventionStatus as DomainStatus } from '../domain/intervention.js';
import { Connection } from './connection.js';
import { TicketStatus, toGraphQLStatus } from './ticket-status.enum.js';

/** GraphQL names of the intervention states; the values are the domain (database) names. */
export enum InterventionStatus {
  PLANNED = 'planned',
  SCHEDULED = 'scheduled',
  IN_PROGRESS = 'in_progress',
  COMPLETED = 'completed',
  CANCELLED = 'cancelled',
}

registerEnumType(InterventionStatus, {
  name: 'InterventionStatus',
  description:
    'Phase of an intervention: planned (pianificato) → scheduled (programmato) → in progress (in corso) → completed (concluso); or cancelled (annullato) before completion.',
});

export function toDomainInterventionStatus(s: InterventionStatus): DomainStatus {
  return s as unknown as DomainStatus;
}

export enum InterventionAreaKind {
  STREET = 'street',
  POLYGON = 'polygon',
  TICKETS = 'tickets',
}

registerEnumType(InterventionAreaKind, {
  name: 'InterventionAreaKind',
  description:
    'How the covered area was given: a street (30 m either side), a drawn polygon, or the hull of the linked tickets (30 m around it).',
});

@ObjectType({ description: 'A ticket of an intervention.' })
export class InterventionTicket {
  @Field(() => ID) id!: string;
  @Field(() => String) code!: string;
  @Field(() => TicketStatus) status!: TicketStatus;
  @Field(() => TicketStatus, {
    description: 'The phase it had when linked: cancelling the intervention returns it there.',
  })
  statusBefore!: TicketStatus;
  @Field(() => Boolean, { description: 'Still held by the intervention (false once unlinked).' })
  active!: boolean;
}

export function toInterventionTicket(row: LinkedTicketRow): InterventionTicket {
  return {
    id: String(row.ticket_id),
    code: row.code,
    status: toGraphQLStatus(row.status),
    statusBefore: toGraphQLStatus(row.status_before),
    active: row.active,
  };
}

@ObjectType({ description: 'Staff: a report not linked yet that an intervention could take.' })
export class SuggestedTicket {
  @Field(() => ID) id!: string;
  @Field(() => String) code!: string;
  @Field(() => TicketStatus) status!: TicketStatus;
}

@ObjectType({
  description:
    'Staff: an intervention (intervento): planned, costed work on a street, an area or a set of reports, which closes the reports it covers. Versioned: every change names the version it saw (CONFLICT when stale).',
})
export class Intervention {
  /** The row, for the field resolvers. */
  source!: InterventionRow;

  @Field(() => ID) id!: string;
  @Field(() => String) title!: string;
  @Field(() => String) description!: string;
  @Field(() => InterventionStatus) status!: InterventionStatus;
  @Field(() => ID) officeId!: string;
  @Field(() => ID, { nullable: true }) contractorId!: string | null;
  @Field(() => Float, { description: 'Estimated cost in euro.' }) estimatedCost!: number;
  @Field(() => String, { description: 'Planned first day, YYYY-MM-DD (Europe/Rome).' })
  plannedStart!: string;
  @Field(() => String, { description: 'Planned last day, YYYY-MM-DD (Europe/Rome).' })
  plannedEnd!: string;
  @Field(() => InterventionAreaKind) areaKind!: InterventionAreaKind;
  @Field(() => ID, { nullable: true }) streetId!: string | null;
  @Field(() => GraphQLJSONObject, {
    nullable: true,
    description: 'The covered area, GeoJSON (WGS84).',
  })
  area!: Record<string, unknown> | null;
  @Field(() => String, { nullable: true, description: 'The closing (or cancellation) note.' })
  closingNote!: string | null;
  @Field(() => Int) version!: number;
  @Field(() => GraphQLDateTime) createdAt!: Date;
  @Field(() => GraphQLDateTime, { nullable: true }) completedAt!: Date | null;
}

export function toIntervention(row: InterventionRow): Intervention {
  return {
    source: row,
    id: String(row.id),
    title: row.title,
    description: row.description,
    status: row.status as unknown as InterventionStatus,
    officeId: String(row.office_id),
    contractorId: row.contractor_id === null ? null : String(row.contractor_id),
    estimatedCost: Number(row.estimated_cost_eur),
    plannedStart: row.planned_start,
    plannedEnd: row.planned_end,
    areaKind: row.area_kind as unknown as InterventionAreaKind,
    streetId: row.street_id === null ? null : String(row.street_id),
    area: row.area ? (JSON.parse(row.area) as Record<string, unknown>) : null,
    closingNote: row.closing_note,
    version: row.version,
    createdAt: row.created_at,
    completedAt: row.completed_at,
  };
}

@ObjectType()
export class InterventionConnection extends Connection(Intervention, 'Intervention') {}

@ObjectType({ description: 'The intervention after a change.' })
export class InterventionPayload {
  @Field(() => Intervention) intervention!: Intervention;
}
