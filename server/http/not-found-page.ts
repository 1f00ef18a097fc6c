// The answer to a path nothing serves: coded JSON on API paths, else a page in the app's colours and
// frame (header, main, footer), in Italian or English (?lang=en, or the browser's Accept-Language).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { escapeHtml } from '../mail/mail-layout.js';
import { prefixOf } from './comune-edge.js';
import { pageLocale, type PageLocale } from './page-locale.js';

const API_PATH = /^\/(?:graphql|export\/|attachments|config\.json|healthz|readyz|metrics)/;

const WORDS = {
  it: {
    title: 'Pagina non trovata',
    message: 'La pagina che cerchi non esiste o è stata spostata.',
    home: 'Torna alla pagina iniziale',
    list: 'Vedi le segnalazioni',
    footer: 'Segnala – segnalazioni dei cittadini',
  },
  en: {
    title: 'Page not found',
    message: 'The page you are looking for does not exist or has moved.',
    home: 'Back to the home page',
    list: 'See the reports',
    footer: 'Segnala – citizen reports',
  },
} as const;

const STYLE = `body{margin:0;font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;color:#1d1d1f;line-height:1.5}
header{background:#0b5cad;color:#fff;padding:.75rem 1rem;font-weight:700}main{max-width:40rem;margin:2rem auto;padding:0 1rem}
a{color:#0b5cad}a:focus{outline:3px solid #ffbf47;outline-offset:2px}footer{border-top:1px solid #8a8f96;color:#555b62;padding:1rem;margin-top:3rem}`;

export function notFoundHtml(locale: PageLocale, base: string): string {
  const w = WORDS[locale];
  return `<!doctype html><html lang="${locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>${w.title} – Segnala</title><style>${STYLE}</style></head><body>
<header>Segnala</header><main id="main"><h1>${w.title}</h1><p>${w.message}</p>
<ul><li><a href="${escapeHtml(base)}/">${w.home}</a></li><li><a href="${escapeHtml(base)}/segnalazioni">${w.list}</a></li></ul></main>
<footer><p>${w.footer}</p></footer></body></html>`;
}

export function registerNotFound(app: FastifyInstance): void {
  app.setNotFoundHandler((request: FastifyRequest, reply: FastifyReply) => {
    if (API_PATH.test(request.url) || request.method !== 'GET')
      return reply
        .code(404)
        .send({ error: { code: 'NOT_FOUND', message: 'Risorsa non trovata.' } });
    return reply
      .code(404)
      .header('content-type', 'text/html; charset=utf-8')
      .header('cache-control', 'no-store')
      .header('content-language', pageLocale(request))
      .send(notFoundHtml(pageLocale(request), prefixOf(request)));
  });
}
