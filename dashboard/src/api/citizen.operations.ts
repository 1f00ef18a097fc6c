// Citizen operations (issue 4 contract): categories, streets, duplicate hints, submit, join, tracking, lists.
import { gql } from 'urql';

export type TicketStatus =
  'RECEIVED' | 'ACKNOWLEDGED' | 'IN_PROGRESS' | 'RESOLVED' | 'REJECTED' | 'DUPLICATE';
export const OPEN_STATUSES: TicketStatus[] = ['RECEIVED', 'ACKNOWLEDGED', 'IN_PROGRESS'];
export const ALL_STATUSES: TicketStatus[] = [...OPEN_STATUSES, 'RESOLVED', 'REJECTED', 'DUPLICATE'];

export interface PointInput {
  lat: number;
  lon: number;
}

export interface Category {
  id: string;
  code: string;
  name: string;
  nameEn: string;
  description: string;
  descriptionEn: string;
  duplicateRadiusM: number;
  questions: CategoryQuestion[];
}

/** A question the form asks for a category (issue 14); the server checks the answer again. */
export interface CategoryQuestion {
  id: string;
  code: string;
  label: string;
  labelEn: string;
  type: 'TEXT' | 'NUMBER' | 'YES_NO' | 'SINGLE_CHOICE' | 'MULTIPLE_CHOICE';
  required: boolean;
  options: { value: string; label: string; labelEn: string }[];
}

export const CATEGORIES_QUERY = gql`
  query Categories {
    categories {
      id
      code
      name
      nameEn
      description
      descriptionEn
      duplicateRadiusM
      questions {
        id
        code
        label
        labelEn
        type
        required
        options {
          value
          label
          labelEn
        }
      }
    }
  }
`;

export const STREET_SEARCH_QUERY = gql`
  query StreetSearch($search: String) {
    streets(search: $search, first: 8) {
      edges {
        node {
          id
          name
          locality
        }
      }
    }
  }
`;

export interface StreetSearchData {
  streets: { edges: { node: { id: string; name: string; locality: string | null } }[] };
}

export interface NearbyTicket {
  code: string;
  location: { lat: number; lon: number };
  title: string;
  status: TicketStatus;
  distanceM: number;
  supportersCount: number;
  createdAt: string;
}

export const NEARBY_QUERY = gql`
  query NearbyTickets($location: PointInput!, $categoryId: ID, $radiusM: Float) {
    nearbyTickets(location: $location, categoryId: $categoryId, radiusM: $radiusM) {
      code
      location {
        lat
        lon
      }
      title
      status
      distanceM
      supportersCount
      createdAt
    }
  }
`;

export const SUBMIT_REPORT_MUTATION = gql`
  mutation SubmitReport($input: SubmitReportInput!) {
    submitReport(input: $input) {
      confirmationRequired
      ticket {
        code
        status
        createdAt
        street {
          name
        }
        office {
          name
        }
      }
    }
  }
`;

export interface SubmitReportData {
  submitReport: {
    /** The comune asks reporters to confirm their e-mail: no ticket until the mailed link is used. */
    confirmationRequired: boolean;
    ticket: {
      code: string;
      status: TicketStatus;
      createdAt: string;
      street: { name: string } | null;
      office: { name: string };
    } | null;
  };
}

export const SUBSCRIBE_ALERTS_MUTATION = gql`
  mutation SubscribeAlerts($input: SubscribeAlertsInput!) {
    subscribeAlerts(input: $input) {
      status
    }
  }
`;

export const JOIN_REPORT_MUTATION = gql`
  mutation JoinReport(
    $code: String!
    $email: String!
    $locale: String
    $privacyNoticeVersion: Int
  ) {
    joinReport(
      code: $code
      email: $email
      locale: $locale
      privacyNoticeVersion: $privacyNoticeVersion
    ) {
      status
    }
  }
`;

/** Rights of the data subject: the same answer for every address (a link is mailed to it). */
export const REQUEST_MY_DATA_MUTATION = gql`
  mutation RequestMyData($email: String!, $locale: String) {
    requestMyData(email: $email, locale: $locale) {
      status
    }
  }
`;

export const REQUEST_ERASURE_MUTATION = gql`
  mutation RequestErasure($email: String!, $locale: String) {
    requestErasure(email: $email, locale: $locale) {
      status
    }
  }
`;

export const ADDRESS_AT_QUERY = gql`
  query AddressAt($location: PointInput!) {
    addressAt(location: $location) {
      street {
        id
        name
      }
      distanceM
    }
  }
`;

export interface AddressAtData {
  addressAt: { street: { id: string; name: string } | null; distanceM: number | null };
}

/**
 * The server's text limits (server/domain/report.ts; test/unit/dashboard-enums.test.ts keeps them equal):
 * the inputs' maxLength and the live counters, so nothing is cut without the person seeing it.
 */
export const REPORT_LIMITS = { title: 120, description: 4000, houseNumber: 12 } as const;

export const REQUEST_MY_REPORTS_MUTATION = gql`
  mutation RequestMyReports($email: String!, $locale: String) {
    requestMyReports(email: $email, locale: $locale) {
      status
    }
  }
`;

export const REPORT_NOT_FIXED_MUTATION = gql`
  mutation ReportNotFixed($code: String!, $token: String!, $comment: String!, $attachmentId: ID) {
    reportNotFixed(code: $code, token: $token, comment: $comment, attachmentId: $attachmentId) {
      state
    }
  }
`;

export const RATE_RESOLUTION_MUTATION = gql`
  mutation RateResolution($code: String!, $token: String!, $score: Int!, $comment: String) {
    rateResolution(code: $code, token: $token, score: $score, comment: $comment) {
      score
    }
  }
`;
