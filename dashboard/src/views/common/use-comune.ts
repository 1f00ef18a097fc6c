import { useQuery } from 'urql';
import { COMUNE_QUERY, type ComuneInfo } from '../../api/comune.operations';

/** The comune of this page (its name, coat of arms, privacy notice); undefined while it loads. */
export function useComune(): ComuneInfo | undefined {
  const [{ data }] = useQuery<{ municipality: ComuneInfo }>({ query: COMUNE_QUERY });
  return data?.municipality;
}

/** The comune's own privacy notice in this language, or undefined for the app's default text. */
export function privacyNoticeOf(
  comune: ComuneInfo | undefined,
  locale: string,
): string | undefined {
  const notice = comune?.privacyNotice;
  if (!notice) return undefined;
  return locale === 'en' ? notice.en : notice.it;
}
