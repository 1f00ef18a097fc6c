// Where a comune's pages are: the one rule for links in answers, pages and mails.

/** The served comune's pages: its own host name when it has one, else /c/{istat}/ under PUBLIC_URL. */
export function comuneUrl(publicUrl: string, istatCode: string, host: string | null): string {
  const base = new URL(publicUrl);
  return host ? `${base.protocol}//${host}/` : `${publicUrl.replace(/\/+$/, '')}/c/${istatCode}/`;
}

/** The base of a comune's links in mails: PUBLIC_URL itself for the default comune, as before. */
export function comuneBaseUrl(
  publicUrl: string,
  defaultIstat: string,
  comune: { istat_code: string; host: string | null },
): string {
  if (comune.istat_code === defaultIstat && !comune.host) return publicUrl.replace(/\/+$/, '');
  return comuneUrl(publicUrl, comune.istat_code, comune.host).replace(/\/$/, '');
}
