// Intervention operations (issue 13 contract): the programme list and one intervention with its moves,
// candidates, budget plans turned into interventions, and the programme's KPIs.
import { gql } from 'urql';
import type { TicketStatus } from './citizen.operations.js';

/** The schema's InterventionStatus enum (test/unit/dashboard-enums.test.ts checks it against schema.graphql). */
export const INTERVENTION_STATUSES = [
  'PLANNED',
  'SCHEDULED',
  'IN_PROGRESS',
  'COMPLETED',
  'CANCELLED',
] as const;
export type InterventionStatus = (typeof INTERVENTION_STATUSES)[number];

export interface InterventionFilter {
  statuses?: InterventionStatus[];
  officeIds?: string[];
}

export interface InterventionTicket {
  id: string;
  code: string;
  status: TicketStatus;
  statusBefore: TicketStatus;
  active: boolean;
}

export interface InterventionNode {
  id: string;
  title: string;
  description: string;
  status: InterventionStatus;
  officeId: string;
  estimatedCost: number;
  plannedStart: string;
  plannedEnd: string;
  areaKind: 'STREET' | 'POLYGON' | 'TICKETS';
  closingNote: string | null;
  version: number;
  createdAt: string;
  completedAt: string | null;
  tickets: InterventionTicket[];
}

export interface InterventionDetail extends InterventionNode {
  area: { type: string; coordinates: unknown } | null;
  suggestedTickets: { id: string; code: string; status: TicketStatus }[];
}

const NODE_FIELDS = `
  id
  title
  description
  status
  officeId
  estimatedCost
  plannedStart
  plannedEnd
  areaKind
  closingNote
  version
  createdAt
  completedAt
  tickets {
    id
    code
    status
    statusBefore
    active
  }
`;

export interface InterventionsData {
  interventions: {
    totalCount: number;
    edges: { node: InterventionNode & { area?: InterventionDetail['area'] } }[];
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
  };
}

export const INTERVENTIONS_QUERY = gql`
  query Interventions($filter: InterventionFilterInput, $first: Int!, $after: String) {
    interventions(filter: $filter, first: $first, after: $after) {
      totalCount
      edges {
        node {
          ${NODE_FIELDS}
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`;

/** The areas for the map layer: few fields, every active intervention. */
export interface InterventionAreasData {
  interventions: {
    edges: {
      node: {
        id: string;
        title: string;
        status: InterventionStatus;
        area: InterventionDetail['area'];
      };
    }[];
  };
}

export const INTERVENTION_AREAS_QUERY = gql`
  query InterventionAreas($filter: InterventionFilterInput) {
    interventions(filter: $filter, first: 100) {
      edges {
        node {
          id
          title
          status
          area
        }
      }
    }
  }
`;

export const INTERVENTION_QUERY = gql`
  query Intervention($id: ID!) {
    intervention(id: $id) {
      ${NODE_FIELDS}
      area
      suggestedTickets {
        id
        code
        status
      }
    }
  }
`;

const PAYLOAD = `intervention { ${NODE_FIELDS} area suggestedTickets { id code status } }`;

export interface InterventionPayload {
  intervention: InterventionDetail;
}

export const CREATE_INTERVENTION_MUTATION = gql`
  mutation CreateIntervention($input: CreateInterventionInput!) {
    createIntervention(input: $input) { ${PAYLOAD} }
  }
`;

export const SCHEDULE_INTERVENTION_MUTATION = gql`
  mutation ScheduleIntervention($id: ID!, $version: Int!) {
    scheduleIntervention(id: $id, version: $version) { ${PAYLOAD} }
  }
`;

export const START_INTERVENTION_MUTATION = gql`
  mutation StartIntervention($id: ID!, $version: Int!) {
    startIntervention(id: $id, version: $version) { ${PAYLOAD} }
  }
`;

export const COMPLETE_INTERVENTION_MUTATION = gql`
  mutation CompleteIntervention($id: ID!, $version: Int!, $note: String!) {
    completeIntervention(id: $id, version: $version, note: $note) { ${PAYLOAD} }
  }
`;

export const CANCEL_INTERVENTION_MUTATION = gql`
  mutation CancelIntervention($id: ID!, $version: Int!, $note: String) {
    cancelIntervention(id: $id, version: $version, note: $note) { ${PAYLOAD} }
  }
`;

export const RESCHEDULE_INTERVENTION_MUTATION = gql`
  mutation RescheduleIntervention($id: ID!, $version: Int!, $plannedStart: String!, $plannedEnd: String!) {
    rescheduleIntervention(id: $id, version: $version, plannedStart: $plannedStart, plannedEnd: $plannedEnd) { ${PAYLOAD} }
  }
`;

export const LINK_INTERVENTION_TICKETS_MUTATION = gql`
  mutation LinkInterventionTickets($id: ID!, $version: Int!, $ticketIds: [ID!]!) {
    linkInterventionTickets(id: $id, version: $version, ticketIds: $ticketIds) { ${PAYLOAD} }
  }
`;

export const UNLINK_INTERVENTION_TICKETS_MUTATION = gql`
  mutation UnlinkInterventionTickets($id: ID!, $version: Int!, $ticketIds: [ID!]!, $note: String) {
    unlinkInterventionTickets(id: $id, version: $version, ticketIds: $ticketIds, note: $note) { ${PAYLOAD} }
  }
`;

export interface Candidate {
  key: string;
  kind: 'STREET' | 'CLUSTER';
  score: number;
  estimatedCost: number;
  ticketCount: number;
  ticketsPer1000Euro: number | null;
  street: { id: string; name: string } | null;
  officeId: string;
  categoryId: string | null;
  tickets: { id: string; code: string }[];
}

const CANDIDATE_FIELDS = `
  key
  kind
  score
  estimatedCost
  ticketCount
  ticketsPer1000Euro
  street {
    id
    name
  }
  officeId
  categoryId
  tickets {
    id
    code
  }
`;

export const CANDIDATES_QUERY = gql`
  query InterventionCandidates($filter: TicketFilterInput, $first: Int!) {
    interventionCandidates(filter: $filter, first: $first) {
      ${CANDIDATE_FIELDS}
    }
  }
`;

export interface PlanStep {
  budget: number;
  totalCost: number;
  totalScore: number;
  ticketCount: number;
  method: 'EXACT' | 'GREEDY';
  candidates: Candidate[];
}

export interface PlanData {
  planInterventions: PlanStep & {
    nextTenPercent: PlanStep;
    nextTenPercentAddedScore: number;
    nextTenPercentAddedTickets: number;
  };
}

export const PLAN_QUERY = gql`
  query PlanInterventions($budget: Float!, $filter: TicketFilterInput) {
    planInterventions(budget: $budget, filter: $filter) {
      budget
      totalCost
      totalScore
      ticketCount
      method
      candidates {
        ${CANDIDATE_FIELDS}
      }
      nextTenPercent {
        budget
        totalCost
        totalScore
        ticketCount
        method
        candidates {
          key
        }
      }
      nextTenPercentAddedScore
      nextTenPercentAddedTickets
    }
  }
`;

export const CREATE_FROM_PLAN_MUTATION = gql`
  mutation CreateInterventionsFromPlan(
    $keys: [String!]!
    $plannedStart: String!
    $plannedEnd: String!
  ) {
    createInterventionsFromPlan(keys: $keys, plannedStart: $plannedStart, plannedEnd: $plannedEnd) {
      id
      title
      status
    }
  }
`;

export interface InterventionKpis {
  interventionCount: number;
  plannedCount: number;
  scheduledCount: number;
  inProgressCount: number;
  completedCount: number;
  cancelledCount: number;
  plannedCost: number;
  spentCost: number;
  ticketsClosed: number;
  medianDaysToComplete: number | null;
  onTimeShare: number | null;
}

export const INTERVENTION_KPIS_QUERY = gql`
  query InterventionKpis($filter: InterventionFilterInput) {
    interventionKpis(filter: $filter) {
      interventionCount
      plannedCount
      scheduledCount
      inProgressCount
      completedCount
      cancelledCount
      plannedCost
      spentCost
      ticketsClosed
      medianDaysToComplete
      onTimeShare
    }
  }
`;
