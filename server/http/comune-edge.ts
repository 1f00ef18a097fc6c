// Finds the comune of a request once, at the edge, before routing:
//   /c/{istat}/…   the ISTAT code (/c/046024/graphql, /c/046024/segnala)
//   /{alias}/…     the readable alias, municipality.slug (/pietrasanta/graphql)
//   Host header    a comune's own host name, municipality.host
//   otherwise      the default comune, SEGNALA_MUNICIPALITY (so / and /graphql do not change).
// The prefix is cut off the URL (Fastify's rewriteUrl), so every route is registered once, without
// it, and asks servicesOf(request) for the comune's Services. An unknown comune answers 404 (an HTML
// page, or coded JSON on API paths); a disabled one answers 403 MUNICIPALITY_DISABLED.
import type { IncomingMessage } from 'node:http';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { isDatabaseUnavailable, serviceUnavailable } from '../db/pool.js';
import type { Comune, ComuneKey, ComuneRegistry } from '../services/comune-registry.js';
import type { Services } from '../services/services.js';
import { htmlPage, type PageComune } from './html-page.js';

/** First path segments that are routes of every comune, never an alias. */
export const ROUTE_SEGMENTS = new Set([
  'c',
  'graphql',
  'graphiql',
  'assets',
  'attachments',
  'export',
  'unsubscribe',
  'conferma',
  'avvisi',
  'privacy',
  'ditta',
  'open311',
  'healthz',
  'readyz',
  'metrics',
  'segnala',
  'segnalazioni',
  'vie',
  'ufficio',
  'pianificazione',
]);
const ALIAS = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const API_PATH = /^\/(?:graphql|export\/|attachments|config\.json|healthz|readyz|metrics)/;
const OPEN311_PATH = /^\/open311\//;
/** The process's own endpoints: about this process, not about a comune. */
const PROCESS_PATHS = new Set(['/healthz', '/readyz', '/metrics']);

interface Edge {
  /** The comune the URL names, or 'default' (the Host header is looked at later). */
  key: ComuneKey;
  /** The prefix cut off the URL: '/c/046024', '/pietrasanta' or ''. */
  prefix: string;
}

const edges = new WeakMap<IncomingMessage, Edge>();
const resolved = new WeakMap<FastifyRequest, Comune & { prefix: string; viaUrlOrHost: boolean }>();

/** Fastify's rewriteUrl: cuts the comune prefix off the URL and remembers it for the request. */
export function rewriteComuneUrl(raw: IncomingMessage): string {
  const url = raw.url ?? '/';
  const m = /^\/([^/?#]+)(?:\/([^/?#]+))?(?=[/?#]|$)/.exec(url);
  let edge: Edge = { key: 'default', prefix: '' };
  if (m?.[1] === 'c' && m[2]) edge = { key: { istat: m[2] }, prefix: `/c/${m[2]}` };
  else if (m && !ROUTE_SEGMENTS.has(m[1]) && ALIAS.test(m[1]))
    edge = { key: { slug: m[1] }, prefix: `/${m[1]}` };
  edges.set(raw, edge);
  const rest = url.slice(edge.prefix.length);
  return rest === '' || rest.startsWith('?') ? `/${rest}` : rest;
}

/** The Services of the request's comune (set by the onRequest hook of comuneEdge). */
export function servicesOf(request: FastifyRequest): Services {
  const comune = resolved.get(request);
  if (!comune) throw new Error('comuneEdge did not run for this request');
  return comune.services;
}

/** The prefix the request came under ('/c/046024', '/pietrasanta' or ''), for links it answers. */
export function prefixOf(request: FastifyRequest): string {
  return resolved.get(request)?.prefix ?? '';
}

/** True when the request names no comune (no prefix, no host of a comune): the deployment's root. */
export function isDeploymentRoot(request: FastifyRequest): boolean {
  return resolved.get(request)?.viaUrlOrHost === false;
}

function refuse(
  request: FastifyRequest,
  reply: FastifyReply,
  status: number,
  code: string,
  title: string,
  message: string,
  comune?: PageComune,
): FastifyReply {
  // Open311 clients read the spec's error list (XML unless the path asks for JSON).
  if (OPEN311_PATH.test(request.url)) {
    const xml = !/\.json(?:\?|$)/.test(request.url);
    const description = message.replace(/[<>&]/g, ' ');
    return reply
      .code(status)
      .type(xml ? 'text/xml; charset=utf-8' : 'application/json; charset=utf-8')
      .send(
        xml
          ? `<?xml version="1.0" encoding="utf-8"?>\n<errors><error><code>${status}</code><description>${description}</description></error></errors>\n`
          : JSON.stringify([{ code: status, description }]),
      );
  }
  if (API_PATH.test(request.url))
    return reply
      .code(status)
      .type('application/json; charset=utf-8')
      .send({ errors: [{ message, extensions: { code } }] });
  return htmlPage(reply, status, title, message, '', comune);
}

function closed(request: FastifyRequest, reply: FastifyReply, comune: Comune) {
  return refuse(
    request,
    reply,
    403,
    'MUNICIPALITY_DISABLED',
    'Servizio non attivo',
    `Il servizio di segnalazione del Comune di ${comune.key.name} non è attivo. Contatta il Comune. / This service is not active for this comune.`,
    comune.services.comune,
  );
}

/** Registers the hook that resolves every request's comune (call it before any route). */
export function comuneEdge(app: FastifyInstance, registry: ComuneRegistry): void {
  app.addHook('onRequest', async (request, reply) => {
    const edge = edges.get(request.raw) ?? { key: 'default', prefix: '' };
    // The process's health, readiness and metrics need no comune, and must answer (503, not 500)
    // when the database is down.
    if (edge.prefix === '' && PROCESS_PATHS.has(request.url.split('?')[0])) return;
    let key = edge.key;
    let viaUrlOrHost = key !== 'default';
    const host = request.headers.host;
    let comune: Comune | undefined;
    try {
      if (key === 'default' && host && (await registry.hasHost(host))) {
        key = { host };
        viaUrlOrHost = true;
      }
      comune = await registry.resolve(key);
    } catch (error) {
      // The list of comuni comes from the database: while it is switching or away, say so (retryable).
      if (!isDatabaseUnavailable(error)) throw error;
      const unavailable = serviceUnavailable();
      reply.header('retry-after', String(unavailable.details.retryAfterSeconds));
      return refuse(
        request,
        reply,
        503,
        unavailable.code,
        'Servizio non disponibile',
        unavailable.message,
      );
    }
    if (!comune)
      return refuse(
        request,
        reply,
        404,
        'NOT_FOUND',
        'Comune non trovato',
        `Nessun comune servito risponde a ${edge.prefix || 'questo indirizzo'}. Controlla il codice ISTAT o il nome. / No comune is served at this address.`,
      );
    if (!comune.key.enabled) return closed(request, reply, comune);
    resolved.set(request, { ...comune, prefix: edge.prefix, viaUrlOrHost });
  });
}
