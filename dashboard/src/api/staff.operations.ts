// Staff operations (issue 5 contract): login, me, inbox, staff ticket, phase changes and edits.
import { gql } from 'urql';
import type { TicketStatus } from './citizen.operations.js';

/** The schema's RejectReason enum (test/unit/dashboard-enums.test.ts checks this list against schema.graphql). */
export const REJECT_REASONS = ['NOT_COMPETENT', 'NOT_A_FAULT', 'CANNOT_FIX'] as const;
export type RejectReason = (typeof REJECT_REASONS)[number];

export const LOGIN_MUTATION = gql`
  mutation Login($email: String!, $password: String!) {
    login(email: $email, password: $password) {
      token
    }
  }
`;

export const LOGOUT_MUTATION = gql`
  mutation Logout {
    logout
  }
`;

export interface Me {
  id: string;
  email: string;
  name: string;
  role: 'OPERATOR' | 'PLANNER' | 'ADMIN';
}

export const ME_QUERY = gql`
  query Me {
    me {
      id
      email
      name
      role
    }
  }
`;

export interface PriorityComponent {
  name: string;
  label: string;
  labelEn: string;
  points: number;
}

export interface InboxNode {
  id: string;
  code: string;
  title: string;
  status: TicketStatus;
  version: number;
  priority: number;
  suggestedPriority: {
    value: number;
    score: number;
    label: string;
    components: PriorityComponent[];
  };
  office: { id: string; name: string };
  category: { name: string; nameEn: string };
  streetName: string | null;
  createdAt: string;
  dueAt: string;
  overdue: boolean;
  dueSoon: boolean;
  supportersCount: number;
}

export interface InboxData {
  inbox: {
    totalCount: number;
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
    edges: { node: InboxNode }[];
  };
}

export const INBOX_QUERY = gql`
  query Inbox($filter: InboxFilterInput, $orderBy: InboxOrder, $first: Int!, $after: String) {
    inbox(filter: $filter, orderBy: $orderBy, first: $first, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          id
          code
          title
          status
          version
          priority
          suggestedPriority {
            value
            score
            label
            components {
              name
              label
              labelEn
              points
            }
          }
          office {
            id
            name
          }
          category {
            name
            nameEn
          }
          streetName
          createdAt
          dueAt
          overdue
          dueSoon
          supportersCount
        }
      }
    }
  }
`;

export const FIND_TICKET_ID_QUERY = gql`
  query FindTicketId($text: String!) {
    inbox(filter: { text: $text }, first: 1) {
      edges {
        node {
          id
          code
        }
      }
    }
  }
`;

export interface StaffEvent {
  id: string;
  kind: string;
  createdAt: string;
  note: string | null;
  public: boolean;
  actorEmail: string | null;
}

export interface StaffTicket {
  id: string;
  code: string;
  title: string;
  description: string;
  status: TicketStatus;
  version: number;
  priority: number;
  lat: number;
  lon: number;
  office: { id: string; name: string };
  category: { id: string; name: string; nameEn: string };
  streetName: string | null;
  createdAt: string;
  dueAt: string;
  overdue: boolean;
  supportersCount: number;
  /** email is null for a report taken by staff without one. */
  reporter: { email: string | null; name: string | null } | null;
  events: StaffEvent[];
}

export const STAFF_TICKET_QUERY = gql`
  query StaffTicket($id: ID!) {
    staffTicket(id: $id) {
      id
      code
      title
      description
      status
      version
      priority
      lat
      lon
      office {
        id
        name
      }
      category {
        id
        name
        nameEn
      }
      streetName
      createdAt
      dueAt
      overdue
      supportersCount
      reporter {
        email
        name
      }
      events {
        id
        kind
        createdAt
        note
        public
        actorEmail
      }
    }
  }
`;

export type PhaseAction =
  'acknowledgeTicket' | 'startWork' | 'resolveTicket' | 'rejectTicket' | 'reopenTicket';

/** One mutation document per phase change; all share (id, version, note, public). */
export function phaseMutation(action: PhaseAction): string {
  const extraVar = action === 'rejectTicket' ? ', $reason: RejectReason!' : '';
  const extraArg = action === 'rejectTicket' ? ', reason: $reason' : '';
  return `mutation Phase($id: ID!, $version: Int!, $note: String, $public: Boolean${extraVar}) {
    ${action}(id: $id, version: $version, note: $note, public: $public${extraArg}) { ticket { id status version } }
  }`;
}

export const SET_PRIORITY_MUTATION = gql`
  mutation SetPriority($id: ID!, $version: Int!, $priority: Int!, $note: String) {
    setPriority(id: $id, version: $version, priority: $priority, note: $note) {
      ticket {
        id
        priority
        version
      }
    }
  }
`;

export const REASSIGN_MUTATION = gql`
  mutation Reassign($id: ID!, $version: Int!, $officeId: ID!, $reason: String) {
    reassignTicket(id: $id, version: $version, officeId: $officeId, reason: $reason) {
      ticket {
        id
        version
      }
    }
  }
`;

export const MARK_DUPLICATE_MUTATION = gql`
  mutation MarkDuplicate(
    $id: ID!
    $version: Int!
    $originalId: ID!
    $note: String
    $public: Boolean
  ) {
    markDuplicate(
      id: $id
      version: $version
      originalId: $originalId
      note: $note
      public: $public
    ) {
      ticket {
        id
        status
        version
      }
    }
  }
`;

export const ADD_NOTE_MUTATION = gql`
  mutation AddNote($id: ID!, $text: String!, $public: Boolean!) {
    addNote(id: $id, text: $text, public: $public) {
      ticket {
        id
        version
      }
    }
  }
`;

export const OFFICES_QUERY = gql`
  query Offices {
    offices {
      id
      name
    }
  }
`;
