// The public view of a ticket. It has no field for the reporter or supporters: anonymous queries can
// never reach an e-mail address or a name, whatever they select.
import { Field, Float, ID, Int, ObjectType } from 'type-graphql';
import { GraphQLDateTime } from 'graphql-scalars';
import type {
  NearbyTicketRow,
  PublicEventRow,
  PublicTicketRow,
  TicketMarkerRow,
} from '../db/ticket.queries.js';
import { STATUS_LABELS } from '../domain/ticket-status.js';
import { Category, toCategory } from './category.type.js';
import { Connection } from './connection.js';
import { Office } from './office.type.js';
import { Street, toStreet } from './street.type.js';
import { TicketStatus, toGraphQLStatus } from './ticket-status.enum.js';

@ObjectType({ description: 'A point in WGS84 degrees.' })
export class TicketLocation {
  @Field(() => Float) lon!: number;
  @Field(() => Float) lat!: number;
}

@ObjectType({ description: 'A photo of a report, with EXIF metadata removed.' })
export class TicketPhoto {
  @Field(() => ID) id!: string;
  @Field(() => String, { description: 'Path of the image, e.g. /attachments/<id>.' }) url!: string;
  @Field(() => String) contentType!: string;
  @Field(() => Int) width!: number;
  @Field(() => Int) height!: number;
}

@ObjectType({ description: 'One public step of a report’s history (who did it is not public).' })
export class TicketEvent {
  @Field(() => String, {
    description:
      'received, acknowledged, started, resolved, rejected, reopened, supported, duplicate, reassigned, note…',
  })
  kind!: string;

  @Field(() => TicketStatus, {
    nullable: true,
    description: 'The status after this step, when it changed the status.',
  })
  status!: TicketStatus | null;

  @Field(() => String, { nullable: true, description: 'A note the office chose to make public.' })
  note!: string | null;

  @Field(() => GraphQLDateTime)
  createdAt!: Date;

  @Field(() => String, {
    nullable: true,
    description:
      'The other report of the step: the original a duplicate was merged into, or the duplicate merged in.',
  })
  relatedCode!: string | null;
}

@ObjectType({
  description:
    'A citizen report as everyone may see it. Never carries the reporter’s e-mail or name.',
})
export class Ticket {
  @Field(() => String, { description: 'Public tracking code, e.g. SRV-7K3M-Q9TX.' }) code!: string;
  @Field(() => TicketStatus) status!: TicketStatus;
  @Field(() => String, { description: 'Status in Italian, e.g. "presa in carico".' })
  statusLabel!: string;
  @Field(() => String, { description: 'Status in English.' }) statusLabelEn!: string;
  @Field(() => String) title!: string;
  @Field(() => String) description!: string;
  @Field(() => Category) category!: Category;
  @Field(() => Office, { description: 'The office handling it.' }) office!: Office;
  @Field(() => Street, {
    nullable: true,
    description: 'The street it was snapped to, if one is near.',
  })
  street!: Street | null;
  @Field(() => String, { nullable: true, description: 'Address text given by the citizen.' })
  address!: string | null;
  @Field(() => String, {
    nullable: true,
    description: 'House number given by the citizen, near `street` (e.g. "12A").',
  })
  houseNumber!: string | null;
  @Field(() => TicketLocation) location!: TicketLocation;
  @Field(() => Int, { description: 'Citizens who joined ("mi associo").' })
  supportersCount!: number;
  @Field(() => String, {
    nullable: true,
    description: 'When a duplicate: the code of the report it follows.',
  })
  duplicateOfCode!: string | null;
  @Field(() => GraphQLDateTime) createdAt!: Date;
  @Field(() => GraphQLDateTime) updatedAt!: Date;
  @Field(() => GraphQLDateTime, { nullable: true }) resolvedAt!: Date | null;
  /** Internal key for field resolvers (photos, timeline); not a GraphQL field: no sequential ids in public. */
  ticketId!: number;
}

@ObjectType()
export class TicketConnection extends Connection(Ticket, 'Ticket') {}

@ObjectType({ description: 'Where a report is, for the public map.' })
export class TicketMarker {
  @Field(() => String) code!: string;
  @Field(() => TicketStatus) status!: TicketStatus;
  @Field(() => ID) categoryId!: string;
  @Field(() => Float) lon!: number;
  @Field(() => Float) lat!: number;
}

@ObjectType({
  description:
    'Every report matching a filter on the map: the newest `limit` of them, and how many match in all.',
})
export class TicketMarkers {
  @Field(() => [TicketMarker], { description: 'Newest first.' }) markers!: TicketMarker[];
  @Field(() => Int, { description: 'Reports matching the filter.' }) totalCount!: number;
  @Field(() => Boolean, { description: 'True when more reports match than the markers sent.' })
  truncated!: boolean;
}

export function toTicketMarker(row: TicketMarkerRow): TicketMarker {
  return {
    code: row.code,
    status: toGraphQLStatus(row.status),
    categoryId: String(row.category_id),
    lon: row.lon,
    lat: row.lat,
  };
}

@ObjectType({
  description: 'An open report near a point: what the form shows as "È lo stesso problema?".',
})
export class TicketSummary {
  @Field(() => String) code!: string;
  @Field(() => String) title!: string;
  @Field(() => TicketStatus) status!: TicketStatus;
  @Field(() => String) statusLabel!: string;
  @Field(() => String) statusLabelEn!: string;
  @Field(() => ID) categoryId!: string;
  @Field(() => Float, { description: 'Distance from the given point in metres.' })
  distanceM!: number;
  @Field(() => Int) supportersCount!: number;
  @Field(() => TicketLocation) location!: TicketLocation;
  @Field(() => GraphQLDateTime) createdAt!: Date;
}

export function toTicket(row: PublicTicketRow): Ticket {
  return {
    code: row.code,
    status: toGraphQLStatus(row.status),
    statusLabel: STATUS_LABELS[row.status].it,
    statusLabelEn: STATUS_LABELS[row.status].en,
    title: row.title,
    description: row.description,
    category: toCategory(row.category),
    office: { id: String(row.office.id), code: row.office.code, name: row.office.name },
    street: row.street ? toStreet(row.street) : null,
    address: row.address,
    houseNumber: row.house_number,
    location: { lon: row.lon, lat: row.lat },
    supportersCount: row.supporters_count,
    duplicateOfCode: row.duplicate_of_code,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    resolvedAt: row.resolved_at,
    ticketId: row.id,
  };
}

export function toTicketSummary(row: NearbyTicketRow): TicketSummary {
  return {
    code: row.code,
    title: row.title,
    status: toGraphQLStatus(row.status),
    statusLabel: STATUS_LABELS[row.status].it,
    statusLabelEn: STATUS_LABELS[row.status].en,
    categoryId: String(row.category_id),
    distanceM: Math.round(row.distance_m * 10) / 10,
    supportersCount: row.supporters_count,
    location: { lon: row.lon, lat: row.lat },
    createdAt: row.created_at,
  };
}

export function toTicketEvent(row: PublicEventRow): TicketEvent {
  return {
    kind: row.kind,
    status: row.to_status ? toGraphQLStatus(row.to_status) : null,
    note: row.note,
    createdAt: row.created_at,
    relatedCode: row.related_code,
  };
}
