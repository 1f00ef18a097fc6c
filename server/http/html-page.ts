// A small server-rendered page (unsubscribe, unknown or closed comune): no script, readable anywhere.
import type { FastifyReply } from 'fastify';
import { escapeHtml } from '../mail/mail-layout.js';

export function htmlPage(
  reply: FastifyReply,
  status: number,
  title: string,
  message: string,
  /** Trusted HTML after the message (a form, a list), already escaped by the caller. */
  extra = '',
): FastifyReply {
  return reply
    .code(status)
    .header('content-type', 'text/html; charset=utf-8')
    .header('cache-control', 'no-store')
    .send(`<!doctype html><html lang="it"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>${escapeHtml(title)}</title></head><body style="font-family:sans-serif;max-width:560px;margin:40px auto;padding:0 16px">
<main><h1>${escapeHtml(title)}</h1><p>${escapeHtml(message)}</p>${extra}</main></body></html>`);
}
