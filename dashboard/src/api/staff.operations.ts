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
  lon: number;
  lat: number;
  createdAt: string;
  updatedAt: string;
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

/** The schema's ReportChannel enum (test/unit/dashboard-enums.test.ts checks it against schema.graphql). */
export const REPORT_CHANNELS = [
  'WEB',
  'PHONE',
  'DESK',
  'EMAIL',
  'PEC',
  'IN_PERSON',
  'API',
] as const;
export type ReportChannel = (typeof REPORT_CHANNELS)[number];

/** The sortable columns of the inbox (InboxOrder without the deprecated OLDEST/NEWEST). */
export const INBOX_ORDERS = [
  'SUGGESTED_PRIORITY',
  'PRIORITY',
  'DUE_DATE',
  'CREATED_AT',
  'UPDATED_AT',
  'CODE',
  'STATUS',
  'SUPPORTERS',
] as const;
export type InboxOrder = (typeof INBOX_ORDERS)[number];
export type SortDirection = 'ASC' | 'DESC';

export interface InboxFilterInput {
  text?: string;
  statuses?: TicketStatus[];
  categoryIds?: string[];
  officeIds?: string[];
  streetIds?: string[];
  priorities?: number[];
  overdue?: boolean;
  dueSoon?: boolean;
  assignedToMe?: boolean;
  channels?: ReportChannel[];
}

export const INBOX_QUERY = gql`
  query Inbox(
    $filter: InboxFilterInput
    $orderBy: InboxOrder
    $direction: SortDirection
    $first: Int!
    $after: String
  ) {
    inbox(filter: $filter, orderBy: $orderBy, direction: $direction, first: $first, after: $after) {
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
          lon
          lat
          createdAt
          updatedAt
          dueAt
          overdue
          dueSoon
          supportersCount
        }
      }
    }
  }
`;

export interface InboxCountsData {
  inboxCounts: { total: number; byStatus: { status: TicketStatus; count: number }[] };
}

export const INBOX_COUNTS_QUERY = gql`
  query InboxCounts($filter: InboxFilterInput) {
    inboxCounts(filter: $filter) {
      total
      byStatus {
        status
        count
      }
    }
  }
`;

export interface InboxPoint {
  id: string;
  code: string;
  title: string;
  status: TicketStatus;
  lon: number;
  lat: number;
}

export interface InboxPointsData {
  inboxPoints: { truncated: boolean; points: InboxPoint[] };
}

/** The map of the inbox: every ticket of the filter (not just the loaded pages), newest first. */
export const INBOX_POINTS_QUERY = gql`
  query InboxPoints($filter: InboxFilterInput) {
    inboxPoints(filter: $filter) {
      truncated
      points {
        id
        code
        title
        status
        lon
        lat
      }
    }
  }
`;

export interface Colleague {
  id: string;
  name: string;
  email: string;
}

export const COLLEAGUES_QUERY = gql`
  query Colleagues {
    colleagues {
      id
      name
      email
    }
  }
`;

export type BulkActionKind = 'ACKNOWLEDGE' | 'SET_PRIORITY' | 'ASSIGN' | 'REASSIGN_OFFICE';

export interface BulkTicketResult {
  id: string;
  ok: boolean;
  version: number | null;
  code: string | null;
  message: string | null;
}

export const BULK_UPDATE_MUTATION = gql`
  mutation BulkUpdateTickets($ids: [ID!]!, $versions: [Int!]!, $action: BulkActionInput!) {
    bulkUpdateTickets(ids: $ids, versions: $versions, action: $action) {
      id
      ok
      version
      code
      message
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
  relatedTicketId: string | null;
  relatedCode: string | null;
}

/** StaffTicket.availableActions: the mutations the server lets this viewer run on the ticket now. */
export type StaffAction =
  | PhaseAction
  | 'markDuplicate'
  | 'setPriority'
  | 'reassignTicket'
  | 'assignTicket'
  | 'addNote'
  | 'setPhotoPublic'
  | 'setAttachmentPublic'
  | 'moderateTicket'
  | 'forwardToContractor'
  | 'revokeContractorLink';

export interface StaffAttachment {
  id: string;
  url: string;
  contentType: string;
  width: number;
  height: number;
  public: boolean;
  /** A citizen's photo no operator has approved or hidden yet. */
  pending: boolean;
}

/** A moderation of the public text, with the text it replaced (admins only). */
export interface TicketModeration {
  id: string;
  moderatorEmail: string | null;
  reasonCode: string;
  reasonText: string | null;
  beforeTitle: string;
  beforeDescription: string;
  afterTitle: string;
  afterDescription: string;
  createdAt: string;
}

export interface StaffMember {
  id: string;
  email: string;
  name: string;
}

export interface StaffTicket {
  id: string;
  code: string;
  title: string;
  description: string;
  /** What the public reads: masked, or as a moderator wrote it. */
  publicTitle: string;
  publicDescription: string;
  /** Null unless the viewer is an admin. */
  moderations: TicketModeration[] | null;
  status: TicketStatus;
  version: number;
  priority: number;
  lat: number;
  lon: number;
  office: { id: string; name: string };
  category: { id: string; name: string; nameEn: string };
  streetName: string | null;
  houseNumber: string | null;
  createdAt: string;
  dueAt: string;
  overdue: boolean;
  supportersCount: number;
  /** email is null for a report taken by staff without one. */
  reporter: { email: string | null; name: string | null } | null;
  /** Who a public reply reaches now, counted by the server as its mailer sends. */
  replyRecipients: { reporter: boolean; supporters: number };
  events: StaffEvent[];
  availableActions: StaffAction[];
  attachments: StaffAttachment[];
  assignee: StaffMember | null;
  assignableStaff: StaffMember[];
  channel: string;
  /** The report's answers to its category's questions, in the form's order. */
  answers: {
    question: { id: string; label: string; labelEn: string };
    text: string;
    textEn: string;
  }[];
}

export const STAFF_TICKET_QUERY = gql`
  query StaffTicket($id: ID!) {
    staffTicket(id: $id) {
      id
      code
      title
      description
      publicTitle
      publicDescription
      moderations {
        id
        moderatorEmail
        reasonCode
        reasonText
        beforeTitle
        beforeDescription
        afterTitle
        afterDescription
        createdAt
      }
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
      houseNumber
      createdAt
      dueAt
      overdue
      supportersCount
      reporter {
        email
        name
      }
      replyRecipients {
        reporter
        supporters
      }
      events {
        id
        kind
        createdAt
        note
        public
        actorEmail
        relatedTicketId
        relatedCode
      }
      availableActions
      attachments {
        id
        url
        contentType
        width
        height
        public
        pending
      }
      assignee {
        id
        email
        name
      }
      assignableStaff {
        id
        email
        name
      }
      channel
      answers {
        question {
          id
          label
          labelEn
        }
        text
        textEn
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

export const ASSIGN_MUTATION = gql`
  mutation AssignTicket($id: ID!, $version: Int!, $assigneeId: ID) {
    assignTicket(id: $id, version: $version, assigneeId: $assigneeId) {
      ticket {
        id
        version
      }
    }
  }
`;

export const SET_ATTACHMENT_PUBLIC_MUTATION = gql`
  mutation SetAttachmentPublic($id: ID!, $public: Boolean!) {
    setAttachmentPublic(id: $id, public: $public) {
      ticket {
        id
        version
      }
    }
  }
`;

export const MODERATE_TICKET_MUTATION = gql`
  mutation ModerateTicket(
    $id: ID!
    $version: Int!
    $publicTitle: String!
    $publicDescription: String!
    $reason: String!
  ) {
    moderateTicket(
      id: $id
      version: $version
      publicTitle: $publicTitle
      publicDescription: $publicDescription
      reason: $reason
    ) {
      ticket {
        id
        version
      }
    }
  }
`;

export const SET_PHOTO_PUBLIC_MUTATION = gql`
  mutation SetPhotoPublic($id: ID!, $attachmentId: ID!, $public: Boolean!) {
    setPhotoPublic(id: $id, attachmentId: $attachmentId, public: $public) {
      ticket {
        id
        version
      }
    }
  }
`;

export interface CannedReply {
  id: string;
  title: string;
  textIt: string;
  textEn: string;
}

export const CANNED_REPLIES_QUERY = gql`
  query CannedReplies($categoryId: ID, $phase: TicketStatus) {
    cannedReplies(categoryId: $categoryId, phase: $phase) {
      id
      title
      textIt
      textEn
    }
  }
`;

export interface CannedReplyFull extends CannedReply {
  categoryId: string | null;
  phase: TicketStatus | null;
  version: number;
}

export const ALL_CANNED_REPLIES_QUERY = gql`
  query AllCannedReplies {
    cannedReplies {
      id
      categoryId
      phase
      title
      textIt
      textEn
      version
    }
  }
`;

export const CREATE_CANNED_REPLY_MUTATION = gql`
  mutation CreateCannedReply($input: CannedReplyInput!) {
    createCannedReply(input: $input) {
      id
      version
    }
  }
`;

export const UPDATE_CANNED_REPLY_MUTATION = gql`
  mutation UpdateCannedReply($id: ID!, $version: Int!, $input: CannedReplyInput!) {
    updateCannedReply(id: $id, version: $version, input: $input) {
      id
      version
    }
  }
`;

export const DELETE_CANNED_REPLY_MUTATION = gql`
  mutation DeleteCannedReply($id: ID!) {
    deleteCannedReply(id: $id)
  }
`;

export interface ReopenRequest {
  id: string;
  comment: string;
  attachmentId: string | null;
  state: 'PENDING' | 'ACCEPTED' | 'DECLINED';
  declineReason: string | null;
  createdAt: string;
  decidedAt: string | null;
}

/** The reporter's answers to a resolution: "non è risolto" requests and the satisfaction rating. */
export const TICKET_FEEDBACK_QUERY = gql`
  query TicketFeedback($id: ID!) {
    staffTicket(id: $id) {
      id
      reopenRequests {
        id
        comment
        attachmentId
        state
        declineReason
        createdAt
        decidedAt
      }
      resolutionRating {
        score
        comment
        createdAt
      }
    }
  }
`;

export const ACCEPT_REOPEN_REQUEST_MUTATION = gql`
  mutation AcceptReopenRequest($id: ID!) {
    acceptReopenRequest(id: $id) {
      id
      state
    }
  }
`;

export const DECLINE_REOPEN_REQUEST_MUTATION = gql`
  mutation DeclineReopenRequest($id: ID!, $reason: String!) {
    declineReopenRequest(id: $id, reason: $reason) {
      id
      state
    }
  }
`;
