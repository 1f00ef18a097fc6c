// GET and POST /graphql: Apollo Server through @as-integrations/fastify's handler, plus the transport
// rules of the GraphQL-over-HTTP spec that Apollo's defaults leave out (graphql-http's audit checks them):
// - a GraphQL request error (parse, validation, variable coercion, operation selection) answers 200
//   when the response is application/json and 400 when it is application/graphql-response+json;
// - a refusal before GraphQL runs (body too large, media type, malformed JSON, method) still answers
//   the GraphQL shape { errors: [{ message, extensions: { code } }] } with its HTTP status.
//
// Cross-site request forgery. Apollo's csrfPrevention is off (app.ts) and replaced by these rules:
// - POST bodies are read only as application/json, a type a browser cannot send cross-site without
//   a CORS preflight (which we never grant). A "simple" POST (text/plain, form-urlencoded, multipart)
//   is refused with 415 before anything is parsed or executed.
// - GET runs queries only: Apollo refuses any mutation over GET with 405, so a link or an <img> can
//   never change anything.
// - A GET query without a preflight-forcing header (apollo-require-preflight, x-apollo-operation-name)
//   is exactly what any page can make a browser send, so it runs with the credentials such a request
//   can carry by itself: none. The session cookie is ignored there (it is SameSite=Strict already, but
//   a sibling subdomain is same-site), while a bearer token still counts, since a page can only attach
//   an Authorization header after a preflight. Staff data thus never answers a forged GET, and its
//   timing cannot be measured cross-site (XS-Search); public data is public anyway.
import type { ApolloServer, ApolloServerPlugin } from '@apollo/server';
import { fastifyApolloHandler } from '@as-integrations/fastify';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { createContext, type Context } from '../graphql/context.js';
import { authenticate, authenticatePlatform } from '../services/authenticate.js';
import { servicesOf } from './comune-edge.js';

export const GRAPHQL_PATH = '/graphql';
const PREFLIGHT_HEADERS = ['apollo-require-preflight', 'x-apollo-operation-name'];

/** The codes of GraphQL request errors: the document or its variables failed before execution. */
const REQUEST_ERROR_CODES = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_USER_INPUT',
  'OPERATION_RESOLUTION_FAILURE',
  'OPERATION_NOT_SUPPORTED',
]);

/** Replies that carry a GraphQL request error (as opposed to a malformed HTTP request). */
const requestErrorReplies = new WeakSet<FastifyReply>();

/** Marks GraphQL request errors, so the route can answer them 200 under application/json. */
export function requestErrorStatusPlugin(): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response, contextValue }) {
          const errors = response.body.kind === 'single' ? response.body.singleResult.errors : [];
          const isRequestError =
            response.http.status === 400 &&
            !!errors?.length &&
            errors.every((e) => REQUEST_ERROR_CODES.has(String(e.extensions?.code)));
          if (isRequestError && contextValue.reply) requestErrorReplies.add(contextValue.reply);
        },
      };
    },
  };
}

/** Fastify's own refusals, by status, as GraphQL error codes with a message for people. */
const TRANSPORT_ERRORS: Partial<Record<number, { code: string; message: string }>> = {
  405: { code: 'METHOD_NOT_ALLOWED', message: '/graphql accetta soltanto GET e POST.' },
  413: { code: 'PAYLOAD_TOO_LARGE', message: 'La richiesta supera la dimensione massima.' },
  415: {
    code: 'UNSUPPORTED_MEDIA_TYPE',
    message: 'Invia la richiesta GraphQL in POST come application/json, oppure in GET.',
  },
};

const MALFORMED_JSON = {
  code: 'BAD_REQUEST',
  message: 'Richiesta non valida: il corpo non è JSON valido (o è vuoto).',
};
const JSON_BODY_ERRORS = new Set(['FST_ERR_CTP_INVALID_JSON_BODY', 'FST_ERR_CTP_EMPTY_JSON_BODY']);

function refuse(reply: FastifyReply, status: number, fastifyCode?: string): FastifyReply {
  const known =
    fastifyCode && JSON_BODY_ERRORS.has(fastifyCode) ? MALFORMED_JSON : TRANSPORT_ERRORS[status];
  const { code, message } = known ?? {
    code: status < 500 ? 'BAD_REQUEST' : 'INTERNAL_SERVER_ERROR',
    message: status < 500 ? 'Richiesta non valida.' : 'Errore interno del server.',
  };
  if (status === 405) void reply.header('allow', 'GET, POST');
  return reply
    .code(status)
    .type('application/json; charset=utf-8')
    .send({ errors: [{ message, extensions: { code } }] });
}

/** A request a browser sends from any page without asking first (see the CSRF note above). */
function isSimpleGet(request: FastifyRequest): boolean {
  return (
    request.method === 'GET' &&
    !PREFLIGHT_HEADERS.some((name) => (request.headers[name]?.length ?? 0) > 0)
  );
}

// The integration types its handler for its own route generic; it is a plain handler at runtime.
type RouteHandler = (
  this: FastifyInstance,
  request: FastifyRequest,
  reply: FastifyReply,
) => Promise<unknown>;

export async function graphqlRoutes(
  app: FastifyInstance,
  options: { apollo: ApolloServer<Context> },
): Promise<void> {
  const { apollo } = options;
  app.removeAllContentTypeParsers();
  app.addContentTypeParser(
    'application/json',
    { parseAs: 'string' },
    app.getDefaultJsonParser('error', 'error'),
  );
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const status = error.statusCode ?? 500;
    if (status >= 500) request.log.error({ code: error.code }, 'GraphQL transport failed');
    return refuse(reply, status >= 400 && status < 600 ? status : 500, error.code);
  });

  const apolloHandler = fastifyApolloHandler(apollo, {
    context: async (request, reply): Promise<Context> => {
      const services = servicesOf(request);
      const credentials = {
        headers: request.headers,
        cookies: isSimpleGet(request) ? undefined : request.cookies,
        ip: request.ip,
      };
      const [viewer, platform] = await Promise.all([
        authenticate(services, credentials),
        authenticatePlatform(services.platform, credentials),
      ]);
      return createContext({
        municipality: services.deps.municipality,
        services,
        viewer,
        platform,
        clientAddress: request.ip,
        request,
        reply,
      });
    },
  });
  app.route({
    method: ['GET', 'POST'],
    url: GRAPHQL_PATH,
    handler: async function (request, reply) {
      const body: unknown = await (apolloHandler as RouteHandler).call(this, request, reply);
      const type = String(reply.getHeader('content-type') ?? '');
      if (
        reply.statusCode === 400 &&
        requestErrorReplies.has(reply) &&
        /^application\/json\b/.test(type)
      )
        void reply.code(200);
      return body;
    },
  });
  app.route({
    method: ['PUT', 'PATCH', 'DELETE', 'OPTIONS'],
    url: GRAPHQL_PATH,
    handler: async (_request, reply) => refuse(reply, 405),
  });
}
