// The two pages opened from the resolution mail ("Non è risolto?", "Com'è andata?"): the report's code
// from the path, the reporter's token from ?t=, and the sentence for each coded refusal of the server.
import { useParams, useSearchParams } from 'react-router-dom';
import type { CombinedError } from 'urql';
import type { TFunction } from 'i18next';
import { errorCode, formErrors } from '../../api/errors';

export function useFeedbackLink(): { code: string; token: string } {
  const { code = '' } = useParams();
  const [search] = useSearchParams();
  return { code, token: search.get('t') ?? '' };
}

/** A refusal that concerns the whole link (wrong token, too late, answered already), in the page's language. */
export function linkRefusal(error: CombinedError | undefined, t: TFunction): string | undefined {
  const code = errorCode(error);
  if (code === 'INVALID_TOKEN') return t('feedback.invalidToken');
  if (code === 'FEEDBACK_CLOSED') return t('feedback.closed');
  if (code === 'ALREADY_ANSWERED') return t('feedback.already');
  return undefined;
}

/** The error of one field, else the general errors that are not a link refusal. */
export function fieldError(error: CombinedError | undefined, field: string): string | undefined {
  return formErrors(error).fields[field];
}
