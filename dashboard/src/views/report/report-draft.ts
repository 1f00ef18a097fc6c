// What the citizen typed, carried to another comune's form when the point turned out to be there
// (OTHER_MUNICIPALITY): kept in sessionStorage (this tab only, never in the URL, since it holds the
// e-mail), read once by the form of /c/{istat}/segnala and removed. Category and photos stay behind:
// they belong to the first comune.
import type { CombinedError } from 'urql';
import type { LonLat } from '../../map/geo';

const KEY = 'segnala.report-draft';

export interface ReportDraft {
  /** ISTAT code of the comune the draft is for. */
  istatCode: string;
  point: LonLat | null;
  title: string;
  description: string;
  email: string;
  name: string;
}

export interface OtherComune {
  istatCode: string;
  name: string;
}

/** The served comune a refused report's point is in (extensions.municipality of OTHER_MUNICIPALITY). */
export function otherComune(error: CombinedError | undefined): OtherComune | null {
  const e = error?.graphQLErrors.find((g) => g.extensions?.code === 'OTHER_MUNICIPALITY');
  const m = e?.extensions?.municipality as { istatCode?: unknown; name?: unknown } | undefined;
  return typeof m?.istatCode === 'string' && typeof m.name === 'string'
    ? { istatCode: m.istatCode, name: m.name }
    : null;
}

export function saveDraft(draft: ReportDraft): void {
  try {
    sessionStorage.setItem(KEY, JSON.stringify(draft));
  } catch {
    // Storage full or disabled: the other form simply opens empty.
  }
}

/**
 * The draft left for this comune, if any. Reading does not remove it: a first render can be thrown away
 * (a lazy chunk suspends it, StrictMode runs it twice), so the form calls dropDraft once it is on screen.
 */
export function peekDraft(istatCode: string | undefined): ReportDraft | null {
  try {
    const raw = sessionStorage.getItem(KEY);
    if (!raw) return null;
    const draft = JSON.parse(raw) as ReportDraft;
    return istatCode && draft.istatCode === istatCode ? draft : null;
  } catch {
    return null;
  }
}

/** Forgets the carried draft (the form now holds what it carried). */
export function dropDraft(): void {
  try {
    sessionStorage.removeItem(KEY);
  } catch {
    // Storage disabled: nothing was kept.
  }
}

/** The ISTAT code in a /c/{istat} prefix, if the page has one. */
export function istatOfBase(base: string): string | undefined {
  return /^\/c\/(\d{6})$/.exec(base)?.[1];
}

/** The form of a comune of this deployment. */
export function reportPageOf(istatCode: string): string {
  return `/c/${istatCode}/segnala`;
}
