// What the programme pages say when the server refuses a change: one sentence per error code in the
// page's language; on Italian pages a field's rule is the server's own sentence (it names the rule).
import type { CombinedError } from 'urql';
import { errorCode } from '../../api/errors';
import type { ActionMessage } from '../staff/action-result';

const KNOWN = [
  'CONFLICT',
  'FORBIDDEN',
  'UNAUTHENTICATED',
  'INVALID_TRANSITION',
  'TICKET_CLOSED',
  'NOT_FOUND',
  'BAD_USER_INPUT',
  'INVALID_CURSOR',
] as const;

const FIELDS = [
  'title',
  'estimatedCost',
  'plannedStart',
  'plannedEnd',
  'note',
  'ticketIds',
  'keys',
  'budget',
];

export function interventionError(error: CombinedError): ActionMessage {
  const code = errorCode(error);
  const first = error.graphQLErrors[0];
  const field = String(first?.extensions?.field ?? '').replace(/^input\./, '');
  const known = (KNOWN as readonly string[]).includes(code ?? '') ? code : 'other';
  const key =
    code === 'BAD_USER_INPUT' && FIELDS.includes(field)
      ? `interventions.errors.fields.${field}`
      : `interventions.errors.${known}`;
  return {
    kind: 'error',
    key,
    italian: first?.message && code === 'BAD_USER_INPUT' ? first.message : undefined,
  };
}
