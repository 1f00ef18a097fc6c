// Serves the built dashboard (dashboard/dist): the single-page app on its routes, hashed assets with a
// long cache, GraphiQL at /graphiql (bundled, no CDN), and /config.json for the optional raster basemap.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { escapeHtml } from '../mail/mail-layout.js';
import { projectPath } from '../project-root.js';
import { pageLocale } from './page-locale.js';

export interface StaticRoutesOptions {
  /** Folder with the Vite build; default dashboard/dist next to the server folder. */
  distDir?: string;
  tileUrl?: string;
  tileAttribution?: string;
  /** A page that replaces the app at / (the list of comuni of a deployment with several). */
  rootPage?: (request: FastifyRequest, reply: FastifyReply) => Promise<FastifyReply | undefined>;
  /** The title of the app's page for this request's comune ("Segnala – Comune di Pietrasanta"). */
  pageTitle?: (request: FastifyRequest) => string;
  /** Where this request's comune's pages start ("" or "/c/046024"): the web app manifest's scope. */
  basePath?: (request: FastifyRequest) => string;
}

const DEFAULT_DIST = projectPath('dashboard', 'dist');

/** Client-side routes of the app; each serves index.html and React Router takes over. */
const APP_ROUTES = [
  '/',
  '/segnala',
  '/segnalazioni',
  '/segnalazioni/:code',
  '/segnalazioni/:code/non-risolto',
  '/segnalazioni/:code/valuta',
  '/le-mie-segnalazioni',
  '/vie/:id',
  '/ufficio',
  '/ufficio/*',
  '/pianificazione',
  '/privacy',
];

const NOT_BUILT = `<!doctype html><html lang="it"><head><meta charset="utf-8"><title>Segnala</title></head><body>
<h1>Dashboard non ancora compilata</h1><p>Esegui <code>npm run build:dashboard</code> (oppure <code>npm start</code>, che la compila).</p>
<p lang="en">Dashboard not built yet: run <code>npm run build:dashboard</code>.</p></body></html>`;

function tileAttributionFor(url: string): string {
  return /openstreetmap/i.test(url)
    ? '© OpenStreetMap contributors'
    : new URL(url.replace(/\{[a-z]\}/g, '0')).host;
}

export async function staticRoutes(
  app: FastifyInstance,
  options: StaticRoutesOptions,
): Promise<void> {
  const dist = options.distDir ?? DEFAULT_DIST;
  await app.register(fastifyStatic, { root: dist, serve: false });

  const sendPage = (reply: FastifyReply, file: string) => {
    if (!existsSync(path.join(dist, file)))
      return reply.type('text/html; charset=utf-8').code(503).send(NOT_BUILT);
    // The HTML names hashed assets, so it must never be cached for long.
    return reply.header('cache-control', 'no-cache').sendFile(file, { cacheControl: false });
  };

  // The app's page names its comune in <title> before any script runs (the app then keeps it so).
  const pageTitle = options.pageTitle;
  const sendApp = async (request: FastifyRequest, reply: FastifyReply) => {
    const file = path.join(dist, 'index.html');
    const html = existsSync(file) ? await readFile(file, 'utf8') : undefined;
    const title = pageTitle ? escapeHtml(pageTitle(request)) : undefined;
    // The first paint is in the browser's language (?lang=, then Accept-Language); the app then
    // follows the person's stored choice or navigator.language (dashboard/src/i18n/i18n.ts).
    const lang = pageLocale(request);
    let page = (html ?? NOT_BUILT).replace(/<html lang="[a-z]+"/, `<html lang="${lang}"`);
    // Each comune's own manifest (its name, its /c/{istat} scope).
    const base = options.basePath?.(request) ?? '';
    if (base)
      page = page.replace('href="/manifest.webmanifest"', `href="${base}/manifest.webmanifest"`);
    if (title) page = page.replace(/<title>[^<]*<\/title>/, () => `<title>${title}</title>`);
    return reply
      .code(html === undefined ? 503 : 200)
      .type('text/html; charset=utf-8')
      .header('cache-control', 'no-cache')
      .header('content-language', lang)
      .header('vary', 'accept-language')
      .send(page);
  };

  const rootPage = options.rootPage;
  for (const route of APP_ROUTES)
    app.get(route, async (request, reply) => {
      if (route === '/' && rootPage) {
        const page = await rootPage(request, reply);
        if (page) return page;
      }
      return sendApp(request, reply);
    });
  app.get('/graphiql', (_request, reply) => sendPage(reply, 'graphiql.html'));

  app.get<{ Params: { '*': string } }>('/assets/*', (request, reply) => {
    // cacheControl: false, or @fastify/static writes its own "public, max-age=0" over this header.
    return reply
      .header('cache-control', 'public, max-age=31536000, immutable')
      .sendFile(path.posix.join('assets', request.params['*']), { cacheControl: false });
  });
  app.get('/favicon.svg', (_request, reply) =>
    reply
      .header('cache-control', 'public, max-age=86400')
      .sendFile('favicon.svg', { cacheControl: false }),
  );
  // The citizen pages' service worker (offline drafts). Its scope is the folder it is served from, so
  // each comune's /c/{istat}/sw.js keeps that comune's pages; no-cache, so an update is seen at once.
  app.get('/sw.js', (_request, reply) =>
    reply
      .type('text/javascript; charset=utf-8')
      .header('cache-control', 'no-cache')
      .sendFile('sw.js', { cacheControl: false }),
  );
  // Browsers that ignore <link rel="icon"> ask for /favicon.ico: the same icon.
  app.get('/favicon.ico', (request, reply) =>
    reply.redirect(`${options.basePath?.(request) ?? ''}/favicon.svg`, 301),
  );
  // The web app manifest (installing the report page on a phone's home screen), per comune.
  app.get('/manifest.webmanifest', (request, reply) => {
    const base = options.basePath?.(request) ?? '';
    const lang = pageLocale(request);
    return reply
      .type('application/manifest+json; charset=utf-8')
      .header('cache-control', 'no-cache')
      .send(
        JSON.stringify({
          name: pageTitle ? pageTitle(request) : 'Segnala',
          short_name: 'Segnala',
          description:
            lang === 'en'
              ? 'Report a problem to the comune: potholes, street lights, waste, parks.'
              : 'Segnala un problema al Comune: buche, illuminazione, rifiuti, verde pubblico.',
          lang,
          start_url: `${base}/segnala`,
          scope: `${base}/`,
          display: 'standalone',
          background_color: '#ffffff',
          theme_color: '#0b5cad',
          icons: [
            { src: `${base}/favicon.svg`, sizes: 'any', type: 'image/svg+xml', purpose: 'any' },
          ],
        }),
      );
  });

  app.get('/config.json', async () => ({
    tileUrl: options.tileUrl ?? null,
    tileAttribution: options.tileUrl
      ? (options.tileAttribution ?? tileAttributionFor(options.tileUrl))
      : null,
  }));
}
