// A small server-rendered page (unsubscribe, unknown or closed comune): no script, readable anywhere.
// A page of a comune names it in its title and heading, with its coat of arms when it has one.
import type { FastifyReply } from 'fastify';
import { escapeHtml } from '../mail/mail-layout.js';
import type { ComuneSettings } from '../services/comune-settings.js';

export type PageComune = Pick<ComuneSettings, 'title' | 'displayName' | 'coatOfArms'>;

export function htmlPage(
  reply: FastifyReply,
  status: number,
  title: string,
  message: string,
  /** Trusted HTML after the message (a form, a list), already escaped by the caller. */
  extra = '',
  /** The comune the page belongs to; none for the deployment's own pages. */
  comune?: PageComune,
): FastifyReply {
  const fullTitle = comune ? `${title} – ${comune.title}` : title;
  const arms = comune?.coatOfArms
    ? `<img src="${escapeHtml(comune.coatOfArms)}" alt="" width="32" height="32" style="vertical-align:middle;margin-right:8px">`
    : '';
  const banner = comune
    ? `<header><p style="font-weight:bold">${arms}Segnala – ${escapeHtml(comune.displayName)}</p></header>`
    : '';
  return reply
    .code(status)
    .header('content-type', 'text/html; charset=utf-8')
    .header('cache-control', 'no-store')
    .send(`<!doctype html><html lang="it"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>${escapeHtml(fullTitle)}</title></head><body style="font-family:sans-serif;max-width:560px;margin:40px auto;padding:0 16px">
${banner}<main><h1>${escapeHtml(title)}</h1><p>${escapeHtml(message)}</p>${extra}</main></body></html>`);
}
