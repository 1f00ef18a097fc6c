// The one-time invite link of a new staff account (/ufficio/invito/:token).
import { gql } from 'urql';

export const ACCEPT_INVITE_MUTATION = gql`
  mutation AcceptInvite($token: String!, $password: String!) {
    acceptInvite(token: $token, password: $password) {
      istatCode
      alias
    }
  }
`;

/** Why a link was refused (extensions.reason of acceptInvite's BAD_USER_INPUT). */
export const INVITE_REFUSALS = ['INVITE_UNKNOWN', 'INVITE_USED', 'INVITE_EXPIRED'] as const;
