// The comune this page belongs to, read from its address: /c/046024/segnala → "/c/046024",
// /pietrasanta/segnala → "/pietrasanta", /segnala (the default comune, or its own host) → "".
// The router runs under this prefix and every API call goes to it (/c/046024/graphql), so one build of
// the app serves every comune. The server cuts the same prefix (server/http/comune-edge.ts).

/** First path segments of the app itself, never a comune's alias (kept equal to the server's list). */
export const APP_SEGMENTS = [
  'c',
  'graphql',
  'graphiql',
  'assets',
  'attachments',
  'export',
  'unsubscribe',
  'ditta',
  'conferma',
  'avvisi',
  'privacy',
  'open311',
  'healthz',
  'readyz',
  'metrics',
  'segnala',
  'segnalazioni',
  'vie',
  'ufficio',
  'pianificazione',
] as const;

const ALIAS = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

export function comuneBase(pathname: string): string {
  const [, first, second] = pathname.split('/');
  if (first === 'c' && second && /^\d{6}$/.test(second)) return `/c/${second}`;
  if (first && ALIAS.test(first) && !(APP_SEGMENTS as readonly string[]).includes(first))
    return `/${first}`;
  return '';
}

/** The prefix of the page being shown ('' outside a browser). */
export const COMUNE_BASE =
  typeof window === 'undefined' ? '' : comuneBase(window.location.pathname);

/** A path of this comune's API or pages: apiPath('/graphql') → '/c/046024/graphql'. */
export function apiPath(path: string): string {
  return `${COMUNE_BASE}${path}`;
}
