// GraphQL types of the map analytics: duplicate clusters, hexagon heat cells, packed ticket points.
import { Field, Float, ID, Int, ObjectType } from 'type-graphql';
import { GraphQLJSON } from 'graphql-scalars';
import type { ClusterRow, HeatCellRow } from '../db/analytics.queries.js';
import type { TicketPoints as TicketPointsData } from '../services/analytics.service.js';
import { TicketStatus, toGraphQLStatus } from './ticket-status.enum.js';
import type { TicketStatus as DomainStatus } from '../domain/ticket-status.js';

@ObjectType({ description: 'An open ticket inside a duplicate cluster.' })
export class ClusterTicket {
  @Field(() => String, { description: 'Public tracking code.' }) code!: string;
  @Field(() => TicketStatus) status!: TicketStatus;
  @Field(() => Float, { description: 'Days since the report (fractional).' }) ageDays!: number;
  @Field(() => Int, { description: 'Citizens who pressed "mi associo".' }) supporters!: number;
}

@ObjectType({
  description:
    "Open tickets of one category lying close together: a DBSCAN cluster (ST_ClusterDBSCAN in the municipality's metric SRID) " +
    'where every ticket is within epsM metres of another member and the core members have at least minPoints neighbours. Candidates for markDuplicate.',
})
export class DuplicateCluster {
  @Field(() => ID, { description: 'Stable id "<categoryId>-<lowest ticket id>".' }) id!: string;
  @Field(() => ID) categoryId!: string;
  @Field(() => Int, { description: 'Tickets in the cluster.' }) count!: number;
  @Field(() => Int, { description: 'Sum of the supporters of its tickets.' })
  supportersTotal!: number;
  @Field(() => GraphQLJSON, {
    description: 'GeoJSON Point (WGS84 [lon, lat]): centroid of the tickets.',
  })
  centroid!: unknown;
  @Field(() => GraphQLJSON, {
    description:
      'GeoJSON convex hull of the tickets (a Point or LineString when they are one or in a row).',
  })
  hull!: unknown;
  @Field(() => Float, { description: 'Largest distance in metres from the centroid to a ticket.' })
  radiusM!: number;
  @Field(() => [ClusterTicket], { description: 'The tickets, oldest first.' })
  tickets!: ClusterTicket[];
  @Field(() => String, {
    description:
      'Code of the ticket to keep when merging: the most supported one, then the oldest.',
  })
  suggestedOriginal!: string;
}

export function toDuplicateCluster(row: ClusterRow): DuplicateCluster {
  return {
    id: `${row.category_id}-${row.first_id}`,
    categoryId: String(row.category_id),
    count: row.count,
    supportersTotal: row.supporters_total,
    centroid: JSON.parse(row.centroid) as unknown,
    hull: JSON.parse(row.hull) as unknown,
    radiusM: row.radius_m,
    suggestedOriginal: row.suggested_original,
    tickets: row.tickets.map((t) => ({
      code: t.code,
      status: toGraphQLStatus(t.status as DomainStatus),
      ageDays: t.ageDays,
      supporters: t.supporters,
    })),
  };
}

@ObjectType({
  description:
    'One hexagon of the heat map (ST_HexagonGrid in the metric SRID, edge cellM metres). Empty cells are not sent.',
})
export class HeatCell {
  @Field(() => String, { description: 'Cell "i,j": ST_Hexagon(cellM, i, j) in the metric SRID.' })
  id!: string;
  @Field(() => Int, { description: 'Matching tickets in the cell.' }) count!: number;
  @Field(() => Int, { description: 'Of those, the open ones.' }) openCount!: number;
  @Field(() => Int, {
    description:
      'Citizens waiting in the cell: for each open ticket 1 + its supporters; closed tickets weigh 0.',
  })
  weight!: number;
  @Field(() => GraphQLJSON, { description: 'GeoJSON Polygon (WGS84) of the hexagon.' })
  geometry!: unknown;
  @Field(() => [Float], { description: 'Centre of the hexagon, [lon, lat].' }) centre!: number[];
}

export function toHeatCell(row: HeatCellRow): HeatCell {
  const centre = JSON.parse(row.centre) as { coordinates: number[] };
  return {
    id: `${row.i},${row.j}`,
    count: row.count,
    openCount: row.open_count,
    weight: row.weight,
    geometry: JSON.parse(row.geometry) as unknown,
    centre: centre.coordinates,
  };
}

@ObjectType({ description: 'A category in the ticketPoints legend.' })
export class PointLegendEntry {
  @Field(() => Int, { description: 'The value used in `categories`.' }) index!: number;
  @Field(() => ID) categoryId!: string;
  @Field(() => String) code!: string;
  @Field(() => String) nameIt!: string;
  @Field(() => String) nameEn!: string;
}

@ObjectType({
  description:
    'Every matching ticket packed for deck.gl binary attributes. Each array field is base64 of a little-endian typed array ' +
    'with one entry (positions: two) per ticket; entry i of every array is the same ticket. Decode with ' +
    '`new Float32Array(Uint8Array.from(atob(s), c => c.charCodeAt(0)).buffer)` and pass as `data.attributes`.',
})
export class TicketPoints {
  @Field(() => Int, { description: 'Number of tickets (length of every array).' }) count!: number;
  @Field(() => String, {
    description:
      'Float32Array, 2·count values: longitude, latitude (WGS84 degrees), interleaved. getPosition: {value, size: 2}.',
  })
  positions!: string;
  @Field(() => String, {
    description: 'Uint8Array, count values: index into `legend` (255 = unknown category).',
  })
  categories!: string;
  @Field(() => String, {
    description:
      'Uint8Array, count values: status index in TicketStatus order 0 RECEIVED, 1 ACKNOWLEDGED, 2 IN_PROGRESS, 3 RESOLVED, 4 REJECTED, 5 DUPLICATE.',
  })
  statuses!: string;
  @Field(() => String, {
    description: 'Uint16Array, count values: whole days since the report (capped at 65535).',
  })
  ageDays!: string;
  @Field(() => [PointLegendEntry], { description: 'The categories `categories` points into.' })
  legend!: PointLegendEntry[];
}

export function toTicketPoints(data: TicketPointsData): TicketPoints {
  return { ...data, legend: data.legend.map((l) => ({ ...l, categoryId: String(l.categoryId) })) };
}
