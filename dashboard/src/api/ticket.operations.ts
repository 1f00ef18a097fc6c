// Public ticket views (issue 4): tracking page, public list and the per-street page. Never any PII.
import { gql } from 'urql';
import type { TicketStatus } from './citizen.operations.js';

export interface TicketFilterInput {
  statuses?: TicketStatus[];
  categoryIds?: string[];
  streetIds?: string[];
  officeIds?: string[];
  createdFrom?: string;
  createdTo?: string;
  text?: string;
}

export interface PublicEvent {
  kind: string;
  createdAt: string;
  note: string | null;
  status: TicketStatus | null;
  relatedCode: string | null;
}

export interface PublicTicket {
  code: string;
  title: string;
  description: string;
  status: TicketStatus;
  createdAt: string;
  updatedAt: string;
  location: { lat: number; lon: number };
  street: { id: string; name: string } | null;
  houseNumber: string | null;
  office: { name: string };
  category: { id: string; name: string; nameEn: string };
  supportersCount: number;
  duplicateOfCode: string | null;
  photos: { id: string; url: string }[];
  timeline: PublicEvent[];
}

export const TICKET_QUERY = gql`
  query TrackTicket($code: String!) {
    ticket(code: $code) {
      code
      title
      description
      status
      createdAt
      updatedAt
      location {
        lat
        lon
      }
      street {
        id
        name
      }
      houseNumber
      office {
        name
      }
      category {
        id
        name
        nameEn
      }
      supportersCount
      duplicateOfCode
      photos {
        id
        url
      }
      timeline {
        kind
        createdAt
        note
        status
        relatedCode
      }
    }
  }
`;

export interface TicketListNode {
  code: string;
  title: string;
  status: TicketStatus;
  createdAt: string;
  supportersCount: number;
  location: { lat: number; lon: number };
  street: { id: string; name: string } | null;
  category: { id: string; name: string; nameEn: string };
}

export interface TicketsData {
  tickets: {
    totalCount: number;
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
    edges: { cursor: string; node: TicketListNode }[];
  };
}

const LIST_FIELDS = `
  code
  title
  status
  createdAt
  supportersCount
  location { lat lon }
  street { id name }
  category { id name nameEn }
`;

export const TICKETS_QUERY = gql`
  query PublicTickets($filter: TicketFilterInput, $first: Int!, $after: String) {
    tickets(filter: $filter, first: $first, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        cursor
        node {
          ${LIST_FIELDS}
        }
      }
    }
  }
`;

export interface TicketMarkersData {
  ticketMarkers: {
    totalCount: number;
    truncated: boolean;
    markers: { code: string; status: TicketStatus; lon: number; lat: number }[];
  };
}

/** Every matching report on the public map (the newest 2,000), not only the page of the list. */
export const TICKET_MARKERS_QUERY = gql`
  query PublicTicketMarkers($filter: TicketFilterInput) {
    ticketMarkers(filter: $filter, limit: 2000) {
      totalCount
      truncated
      markers {
        code
        status
        lon
        lat
      }
    }
  }
`;

export interface StreetPageData {
  street: {
    id: string;
    name: string;
    locality: string | null;
    lengthM: number;
    ticketCounts: { total: number; active: number; resolved: number };
    activeTickets: { totalCount: number; edges: { node: TicketListNode }[] };
  } | null;
}

/** A street's name by id (the public list's street filter, read back from the address). */
export const STREET_NAME_QUERY = gql`
  query StreetName($id: ID!) {
    street(id: $id) {
      id
      name
    }
  }
`;

export interface StreetNameData {
  street: { id: string; name: string } | null;
}

export const STREET_PAGE_QUERY = gql`
  query StreetPage($id: ID!) {
    street(id: $id) {
      id
      name
      locality
      lengthM
      ticketCounts {
        total
        active
        resolved
      }
      activeTickets(first: 30) {
        totalCount
        edges {
          node {
            ${LIST_FIELDS}
          }
        }
      }
    }
  }
`;
