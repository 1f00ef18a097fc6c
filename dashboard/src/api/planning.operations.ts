// Planner operations (issue 6 contract): points, heat cells, clusters, street stats, KPIs, time series.
import { gql } from 'urql';
import type { TicketFilterInput } from './ticket.operations.js';

/** The analytics' filter: a sovracomunale planner adds the comuni it reads (its own or granted). */
export type PlanningFilter = TicketFilterInput & { municipalityIds?: string[] };

export interface AnalyticsMunicipality {
  id: string;
  istatCode: string;
  name: string;
}

/** The comuni the planner may read: its own first, then those granted to it. */
export const ANALYTICS_MUNICIPALITIES_QUERY = gql`
  query AnalyticsMunicipalities {
    analyticsMunicipalities {
      id
      istatCode
      name
    }
  }
`;

export interface TicketPointsData {
  ticketPoints: {
    count: number;
    positions: string;
    categories: string;
    statuses: string;
    ageDays: string;
    legend: { index: number; categoryId: string; code: string; nameIt: string; nameEn: string }[];
  };
}

export const TICKET_POINTS_QUERY = gql`
  query TicketPoints($filter: TicketFilterInput) {
    ticketPoints(filter: $filter) {
      count
      positions
      categories
      statuses
      ageDays
      legend {
        index
        categoryId
        code
        nameIt
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
  centre: [number, number];
}

export const HEATMAP_QUERY = gql`
  query Heatmap($filter: TicketFilterInput, $cellM: Float) {
    heatmap(filter: $filter, cellM: $cellM) {
      id
      count
      openCount
      weight
      geometry
      centre
    }
  }
`;

export interface Cluster {
  id: string;
  categoryId: string;
  count: number;
  supportersTotal: number;
  centroid: { type: 'Point'; coordinates: [number, number] };
  radiusM: number;
  suggestedOriginal: string;
  tickets: { code: string; status: string; ageDays: number; supporters: number }[];
}

export const CLUSTERS_QUERY = gql`
  query Clusters($filter: TicketFilterInput, $epsM: Float, $minPoints: Int) {
    duplicateClusters(filter: $filter, epsM: $epsM, minPoints: $minPoints) {
      id
      categoryId
      count
      supportersTotal
      centroid
      radiusM
      suggestedOriginal
      tickets {
        code
        status
        ageDays
        supporters
      }
    }
  }
`;

export type StreetMetric =
  'OPEN_DESC' | 'TOTAL_DESC' | 'OVERDUE_DESC' | 'PER_KM_DESC' | 'RECURRENCE_DESC';

export interface StreetStat {
  street: { id: string; name: string };
  total: number;
  open: number;
  overdue: number;
  ticketsPerKm: number | null;
  recurrence: number;
  geometry: { type: string; coordinates: unknown };
}

export const STREET_STATS_QUERY = gql`
  query StreetStats($filter: TicketFilterInput, $orderBy: StreetStatsOrder, $first: Int!) {
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
          ticketsPerKm
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
  openBacklog: number;
  overdue: number;
  medianResolveHours: number | null;
  p90ResolveHours: number | null;
  resolvedWithinSlaShare: number | null;
  reopenRate: number | null;
  openAgeP90Days: number | null;
  /** The reporters' average satisfaction (1–5) and how many answered. */
  satisfactionAverage: number | null;
  satisfactionCount: number;
}

export const KPIS_QUERY = gql`
  query Kpis($filter: TicketFilterInput, $groupBy: KpiGroupBy!) {
    kpis(filter: $filter, groupBy: $groupBy) {
      key
      label
      received
      resolved
      openBacklog
      overdue
      medianResolveHours
      p90ResolveHours
      resolvedWithinSlaShare
      reopenRate
      openAgeP90Days
      satisfactionAverage
      satisfactionCount
    }
  }
`;

export interface TimeSeriesRow {
  start: string;
  received: number;
  resolved: number;
  closed: number;
  backlog: number;
}

export const TIME_SERIES_QUERY = gql`
  query TimeSeries($filter: TicketFilterInput, $interval: SeriesInterval!) {
    timeSeries(filter: $filter, interval: $interval) {
      start
      received
      resolved
      closed
      backlog
    }
  }
`;

/** Where the planner's figures are read (a hot standby or the primary) and how far behind it runs. */
export interface AnalyticsSource {
  replica: boolean;
  lagSeconds: number;
}

export const ANALYTICS_SOURCE_QUERY = gql`
  query AnalyticsSource {
    analyticsSource {
      replica
      lagSeconds
    }
  }
`;
