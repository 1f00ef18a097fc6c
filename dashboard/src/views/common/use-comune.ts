import { useQuery } from 'urql';
import { COMUNE_BASE } from '../../api/comune-base';
import { COMUNE_QUERY, type ComuneInfo } from '../../api/comune.operations';

// Public data kept on the device too, so a page opened without network (the service worker's copy,
// offline drafts) still names its comune and shows its privacy notice before the consent box.
const KEY = `segnala.comune:${COMUNE_BASE || '/'}`;
let lastSaved = '';

function saved(): ComuneInfo | undefined {
  try {
    const raw = localStorage.getItem(KEY);
    return raw ? (JSON.parse(raw) as ComuneInfo) : undefined;
  } catch {
    return undefined;
  }
}

/** The comune of this page (its name, coat of arms, privacy notice); undefined while it loads. */
export function useComune(): ComuneInfo | undefined {
  const [{ data, error }] = useQuery<{ municipality: ComuneInfo }>({ query: COMUNE_QUERY });
  if (data?.municipality) {
    const raw = JSON.stringify(data.municipality);
    if (raw !== lastSaved) {
      lastSaved = raw;
      try {
        localStorage.setItem(KEY, raw);
      } catch {
        // Storage full or disabled: nothing kept.
      }
    }
    return data.municipality;
  }
  return error ? saved() : undefined;
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
