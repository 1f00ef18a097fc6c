// Planner operations (issue 6 contract): points, heat cells, clusters, street stats, KPIs, time series.
import { gql } from 'urql';
import type { TicketFilterInput } from './ticket.operations';

export type PlanningFilter = TicketFilterInput;

export interface TicketPointsData {
  ticketPoints: {
    count: number;
    positions: string;
    categories: string;
    statuses: string;
    ageDays: string;
    legend: { index: number; id: string; name: string; nameEn: string }[];
  };
}

export const TICKET_POINTS_QUERY = gql`
  query TicketPoints($filter: TicketFilter) {
    ticketPoints(filter: $filter) {
      count
      positions
      categories
      statuses
      ageDays
      legend {
        index
        id
        name
        nameEn
      }
    }
  }
`;

export interface HeatCell {
  id: string;
  count: number;
  openCount: number;
  weight: number;
  geometry: { type: string; coordinates: number[][][] };
}

export const HEATMAP_QUERY = gql`
  query Heatmap($filter: TicketFilter, $cellM: Float) {
    heatmap(filter: $filter, cellM: $cellM) {
      id
      count
      openCount
      weight
      geometry
    }
  }
`;

export interface Cluster {
  id: string;
  count: number;
  supportersTotal: number;
  category: { id: string; name: string; nameEn: string };
  centroid: { lat: number; lon: number };
  radiusM: number;
  suggestedOriginal: { id: string; code: string } | null;
  tickets: { id: string; code: string; status: string; ageDays: number }[];
}

export const CLUSTERS_QUERY = gql`
  query Clusters($filter: TicketFilter, $epsM: Float, $minPoints: Int) {
    duplicateClusters(filter: $filter, epsM: $epsM, minPoints: $minPoints) {
      id
      count
      supportersTotal
      category {
        id
        name
        nameEn
      }
      centroid {
        lat
        lon
      }
      radiusM
      suggestedOriginal {
        id
        code
      }
      tickets {
        id
        code
        status
        ageDays
      }
    }
  }
`;

export interface StreetStat {
  street: { id: string; name: string };
  total: number;
  open: number;
  overdue: number;
  perKm: number;
  recurrence: number;
  geometry: { type: string; coordinates: unknown };
}

export const STREET_STATS_QUERY = gql`
  query StreetStats($filter: TicketFilter, $orderBy: StreetStatsOrder, $first: Int) {
    streetStats(filter: $filter, orderBy: $orderBy, first: $first) {
      totalCount
      edges {
        node {
          street {
            id
            name
          }
          total
          open
          overdue
          perKm
          recurrence
          geometry
        }
      }
    }
  }
`;

export interface KpiRow {
  key: string;
  label: string;
  received: number;
  resolved: number;
  backlog: number;
  medianHoursToResolve: number | null;
  p90HoursToResolve: number | null;
  withinSlaShare: number | null;
  reopenRate: number | null;
  openAgeP90Days: number | null;
}

export const KPIS_QUERY = gql`
  query Kpis($filter: TicketFilter, $groupBy: KpiGroupBy!) {
    kpis(filter: $filter, groupBy: $groupBy) {
      key
      label
      received
      resolved
      backlog
      medianHoursToResolve
      p90HoursToResolve
      withinSlaShare
      reopenRate
      openAgeP90Days
    }
  }
`;

export interface TimeSeriesRow {
  start: string;
  received: number;
  resolved: number;
  backlog: number;
}

export const TIME_SERIES_QUERY = gql`
  query TimeSeries($filter: TicketFilter, $interval: TimeInterval!) {
    timeSeries(filter: $filter, interval: $interval) {
      start
      received
      resolved
      backlog
    }
  }
`;
