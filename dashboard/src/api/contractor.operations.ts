// Reports taken by staff and external contractors (issue 12, parts 5 and 6).
import { gql } from 'urql';

/** The channels a member of staff takes a report by (the schema's ReportChannel minus WEB and API). */
export const STAFF_CHANNELS = ['PHONE', 'DESK', 'EMAIL', 'PEC', 'IN_PERSON'] as const;
export type StaffChannel = (typeof STAFF_CHANNELS)[number];
export type ReportChannel = StaffChannel | 'WEB' | 'API';

export const CREATE_STAFF_REPORT_MUTATION = gql`
  mutation CreateStaffReport($input: StaffReportInput!) {
    createStaffReport(input: $input) {
      ticket {
        id
        code
        channel
        office {
          id
          name
        }
      }
    }
  }
`;

export interface StaffReportData {
  createStaffReport: {
    ticket: {
      id: string;
      code: string;
      channel: ReportChannel;
      office: { id: string; name: string };
    };
  };
}

export interface Contractor {
  id: string;
  name: string;
  email: string;
  categoryIds: string[];
  disabledAt: string | null;
}

export interface TicketContractor {
  id: string;
  name: string;
  shownToCitizen: boolean;
  forwardedAt: string;
  linkExpiresAt: string;
  linkActive: boolean;
  doneAt: string | null;
}

export const CONTRACTORS_QUERY = gql`
  query Contractors($includeDisabled: Boolean) {
    contractors(includeDisabled: $includeDisabled) {
      id
      name
      email
      categoryIds
      disabledAt
    }
  }
`;

export const TICKET_CONTRACTOR_QUERY = gql`
  query TicketContractor($id: ID!) {
    staffTicket(id: $id) {
      id
      version
      contractor {
        id
        name
        shownToCitizen
        forwardedAt
        linkExpiresAt
        linkActive
        doneAt
      }
    }
  }
`;

export const FORWARD_TO_CONTRACTOR_MUTATION = gql`
  mutation ForwardToContractor(
    $id: ID!
    $version: Int!
    $contractorId: ID!
    $instructions: String
    $showNameToCitizen: Boolean
  ) {
    forwardToContractor(
      id: $id
      version: $version
      contractorId: $contractorId
      instructions: $instructions
      showNameToCitizen: $showNameToCitizen
    ) {
      ticket {
        id
        version
      }
    }
  }
`;

export const REVOKE_CONTRACTOR_LINK_MUTATION = gql`
  mutation RevokeContractorLink($id: ID!) {
    revokeContractorLink(id: $id) {
      ticket {
        id
        version
      }
    }
  }
`;

export const SAVE_CONTRACTOR_MUTATION = gql`
  mutation SaveContractor($input: ContractorInput!) {
    saveContractor(input: $input) {
      id
      name
      email
      categoryIds
      disabledAt
    }
  }
`;

export const SET_CONTRACTOR_DISABLED_MUTATION = gql`
  mutation SetContractorDisabled($id: ID!, $disabled: Boolean!) {
    setContractorDisabled(id: $id, disabled: $disabled) {
      id
      disabledAt
    }
  }
`;
