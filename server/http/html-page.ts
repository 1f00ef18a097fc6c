// A small server-rendered page (unsubscribe, unknown or closed comune, the deployment's list of comuni): no
// script, readable anywhere, in the app's colours (dashboard/src/styles.css: same palette, AA contrast, the
// same visible focus), so a citizen who lands here sees the same service as in the app. A page of a comune
// names it in its title and header, with its coat of arms when it has one.
import type { FastifyReply } from 'fastify';
import { escapeHtml } from '../mail/mail-layout.js';
import type { ComuneSettings } from '../services/comune-settings.js';
import type { PageLocale } from './page-locale.js';

export type PageComune = Pick<ComuneSettings, 'title' | 'displayName' | 'coatOfArms'>;

/** The app's palette and type, for pages the server writes itself. */
const PAGE_STYLE = `:root{--blue:#0b5cad;--blue-dark:#084584;--text:#1d1d1f;--muted:#555b62;--border:#8a8f96;
--bg-soft:#f3f5f8;--focus:#ffbf47;font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;color:var(--text);
line-height:1.5}*{box-sizing:border-box}body{margin:0}
header{background:var(--blue);color:#fff;padding:.6rem 1rem;font-weight:600;font-size:1.1rem}
main{max-width:640px;margin:0 auto;padding:1rem 1rem 3rem}h1{font-size:1.7rem;margin:.5rem 0 .75rem}
h2{font-size:1.25rem;margin:1.5rem 0 .5rem}a{color:var(--blue)}a:hover{color:var(--blue-dark)}
:focus-visible{outline:3px solid var(--focus);outline-offset:2px;box-shadow:0 0 0 5px var(--text)}
ul.cards{list-style:none;padding:0;display:grid;gap:.5rem}ul.cards a{display:block;padding:.75rem 1rem;
border:1px solid var(--border);border-radius:6px;background:var(--bg-soft);font-weight:600;text-decoration:none}
ul.cards a:hover{text-decoration:underline}label{display:block;font-weight:600;margin-bottom:.25rem}
input,textarea,select{font:inherit;padding:.45rem .6rem;border:1px solid var(--border);border-radius:4px;max-width:100%}
button{font:inherit;padding:.45rem 1rem;border:0;border-radius:4px;background:var(--blue);color:#fff;cursor:pointer}
button:hover{background:var(--blue-dark)}.hint{color:var(--muted)}form .row{display:flex;gap:.5rem;flex-wrap:wrap}`;

export function htmlPage(
  reply: FastifyReply,
  status: number,
  title: string,
  message: string,
  /** Trusted HTML after the message (a form, a list), already escaped by the caller. */
  extra = '',
  /** The comune the page belongs to; none for the deployment's own pages. */
  comune?: PageComune,
  /** The language the page is written in (page-locale.ts). */
  lang: PageLocale = 'it',
): FastifyReply {
  const fullTitle = comune ? `${title} – ${comune.title}` : title;
  const arms = comune?.coatOfArms
    ? `<img src="${escapeHtml(comune.coatOfArms)}" alt="" width="32" height="32" style="vertical-align:middle;margin-right:8px">`
    : '';
  const banner = comune
    ? `<header>${arms}Segnala – ${escapeHtml(comune.displayName)}</header>`
    : '<header>Segnala</header>';
  return reply
    .code(status)
    .header('content-type', 'text/html; charset=utf-8')
    .header('cache-control', 'no-store')
    .header('content-language', lang)
    .send(`<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(fullTitle)}</title><style>${PAGE_STYLE}</style></head><body>
${banner}<main><h1>${escapeHtml(title)}</h1><p>${escapeHtml(message)}</p>${extra}</main></body></html>`);
}
