// Open311 GeoReport v2 at /open311/v2/ (and /c/{istat}/open311/v2/): discovery, services, service
// definitions, requests (GET and POST), one request, tokens; each as .json or .xml. The comune is the
// one of the URL, or `jurisdiction_id` (its ISTAT code), which is required at the deployment's root when
// it serves several comuni. Errors are the spec's list of { code, description } with 400, 403 or 404.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { isDatabaseUnavailable } from '../db/pool.js';
import { AppError } from '../domain/app-error.js';
import {
  badParameter,
  fromAppError,
  Open311Error,
  parseRequestsQuery,
  type Locale,
} from '../domain/open311.js';
import type { ComuneRegistry } from '../services/comune-registry.js';
import type { Open311Post, Open311View } from '../services/open311.service.js';
import type { Services } from '../services/services.js';
import { isDeploymentRoot, servicesOf } from './comune-edge.js';
import { CONTENT_TYPE, parseFormat, render, type Open311Format } from './open311-format.js';

/** When this implementation last changed what it answers (discovery's changeset). */
const CHANGESET = '2026-12-02T00:00:00+01:00';
const SPECIFICATION = 'http://wiki.open311.org/GeoReport_v2';
const BASE = '/open311/v2';

type Query = Record<string, string | undefined>;
type Req = FastifyRequest<{
  Params: { format: string; code?: string; id?: string };
  Querystring: Query;
}>;

/** A query or form value: the first, when a client sent it several times. */
function first(value: unknown): string | undefined {
  if (Array.isArray(value)) return first(value[0]);
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

const ATTRIBUTE = /^attribute\[([^\]]{1,60})\](\[\])?$/;

/** POST's fields from a form (attribute[code], attribute[code][]) or JSON (the same keys, or attribute: {}). */
export function postFields(
  body: unknown,
  contentType: string | undefined,
): Open311Post & { api_key?: string } {
  const fields = new Map<string, string>();
  const attributes = new Map<string, string[]>();
  const add = (key: string, value: unknown) => {
    const m = ATTRIBUTE.exec(key);
    if (m) {
      const values = (Array.isArray(value) ? value : [value])
        .map(first)
        .filter((v) => v !== undefined);
      attributes.set(m[1], [...(attributes.get(m[1]) ?? []), ...values]);
    } else if (!fields.has(key)) {
      const v = first(value);
      if (v !== undefined) fields.set(key, v);
    }
  };
  if (typeof body === 'string' && !contentType?.includes('json')) {
    for (const [k, v] of new URLSearchParams(body)) add(k, v);
  } else if (body && typeof body === 'object' && !Array.isArray(body)) {
    for (const [k, v] of Object.entries(body as Record<string, unknown>)) {
      if (k === 'attribute' && v && typeof v === 'object' && !Array.isArray(v)) {
        for (const [code, value] of Object.entries(v as Record<string, unknown>))
          add(`attribute[${code}]`, value);
      } else add(k, v);
    }
  } else if (body !== undefined && body !== null && body !== '') {
    throw badParameter('The body must be form-urlencoded fields or a JSON object.');
  }
  const get = (k: string) => fields.get(k);
  return {
    api_key: get('api_key'),
    service_code: get('service_code'),
    lat: get('lat'),
    long: get('long'),
    address_string: get('address_string'),
    email: get('email'),
    first_name: get('first_name'),
    last_name: get('last_name'),
    phone: get('phone'),
    description: get('description'),
    media_url: get('media_url'),
    locale: get('locale'),
    idempotency_key: get('idempotency_key'),
    attributes,
  };
}

function localeOf(query: Query): Locale {
  const locale = first(query.locale);
  if (locale === undefined || locale === '' || locale === 'it') return 'it';
  if (locale === 'en') return 'en';
  throw badParameter('locale must be it or en.');
}

export interface Open311RoutesOptions {
  comuni: ComuneRegistry;
  log: (message: string, error: unknown) => void;
}

export async function open311Routes(
  app: FastifyInstance,
  options: Open311RoutesOptions,
): Promise<void> {
  app.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string', bodyLimit: 64 * 1024 },
    (_req, body, done) => done(null, body),
  );

  /** The comune asked: the URL's, or jurisdiction_id's (required at the root of a multi-comune deployment). */
  async function comuneOf(request: Req, jurisdiction: string | undefined): Promise<Services> {
    const here = servicesOf(request);
    if (jurisdiction === undefined || jurisdiction === '') {
      if (isDeploymentRoot(request) && (await options.comuni.enabled()).length > 1)
        throw badParameter('jurisdiction_id (the ISTAT code of the comune) is required here.');
      return here;
    }
    if (jurisdiction === here.comune.istatCode) return here;
    if (!isDeploymentRoot(request))
      throw badParameter(
        `jurisdiction_id ${jurisdiction.slice(0, 20)} is not this endpoint's comune.`,
      );
    const found = /^[0-9]{6}$/.test(jurisdiction)
      ? await options.comuni.resolve({ istat: jurisdiction })
      : undefined;
    if (!found?.key.enabled)
      throw new Open311Error(404, `jurisdiction_id ${jurisdiction.slice(0, 20)} not found.`);
    return found.services;
  }

  const view = (services: Services, query: Query): Open311View => ({
    baseUrl: services.comune.baseUrl,
    locale: localeOf(query),
  });

  function fail(reply: FastifyReply, format: Open311Format, error: unknown): FastifyReply {
    let e: Open311Error;
    if (error instanceof Open311Error) e = error;
    else if (error instanceof AppError) e = fromAppError(error);
    else if (isDatabaseUnavailable(error))
      e = new Open311Error(503, 'Service unavailable: retry shortly.');
    else {
      options.log('Open311 request failed', error);
      e = new Open311Error(500, 'Internal error.');
    }
    if (error instanceof AppError && typeof error.details.retryAfterSeconds === 'number')
      reply.header('retry-after', String(error.details.retryAfterSeconds));
    const body = [{ code: e.status, description: e.description }];
    return reply
      .code(e.status)
      .type(CONTENT_TYPE[format])
      .send(render(format, 'errors', body));
  }

  /** A GET or POST handler answering `root` in the format of the path; errors in the spec's shape. */
  const route =
    (root: string, answer: (request: Req, services: Services, query: Query) => Promise<unknown>) =>
    async (request: Req, reply: FastifyReply) => {
      const format = parseFormat(request.params.format);
      if (!format)
        return reply
          .code(404)
          .type(CONTENT_TYPE.json)
          .send(
            render('json', 'errors', [{ code: 404, description: 'Format must be .json or .xml.' }]),
          );
      try {
        const query = request.query ?? {};
        const jurisdiction =
          first(query.jurisdiction_id) ??
          first((request.body as Record<string, unknown> | undefined)?.jurisdiction_id) ??
          (typeof request.body === 'string'
            ? (new URLSearchParams(request.body).get('jurisdiction_id') ?? undefined)
            : undefined);
        const services = await comuneOf(request, jurisdiction);
        const body = await answer(request, services, query);
        return reply.type(CONTENT_TYPE[format]).send(render(format, root, body));
      } catch (error) {
        return fail(reply, format, error);
      }
    };

  app.get(
    `${BASE}/discovery.:format`,
    route('discovery', async (_request, services) => ({
      changeset: CHANGESET,
      contact: `${services.comune.displayName}: ${services.comune.baseUrl}`,
      key_service: `${services.comune.baseUrl}/ufficio (API token with the tickets:write scope)`,
      endpoints: [
        {
          specification: SPECIFICATION,
          url: `${services.comune.baseUrl}${BASE}`,
          changeset: CHANGESET,
          type: 'production',
          formats: ['text/xml', 'application/json'],
        },
      ],
    })),
  );

  app.get(
    `${BASE}/services.:format`,
    route('services', (_request, services, query) =>
      services.open311.services(view(services, query)),
    ),
  );

  app.get(
    `${BASE}/services/:code.:format`,
    route('service_definition', (request, services, query) =>
      services.open311.definition(request.params.code ?? '', view(services, query)),
    ),
  );

  app.get(
    `${BASE}/requests.:format`,
    route('service_requests', (_request, services, query) =>
      services.open311.requests(parseRequestsQuery(query, new Date()), view(services, query)),
    ),
  );

  app.get(
    `${BASE}/requests/:id.:format`,
    route('service_requests', async (request, services, query) => [
      await services.open311.request(request.params.id ?? '', view(services, query)),
    ]),
  );

  // Requests are realtime: the POST answers the service_request_id at once, and the token of a
  // request is its tracking code, so a client that asks for it anyway is answered.
  app.get(
    `${BASE}/tokens/:id.:format`,
    route('service_requests', async (request, services, query) => {
      const found = await services.open311.request(request.params.id ?? '', view(services, query));
      return [{ service_request_id: found.service_request_id, token: found.service_request_id }];
    }),
  );

  app.post(
    `${BASE}/requests.:format`,
    route('service_requests', async (request, services, query) => {
      const post = postFields(request.body, request.headers['content-type']);
      const key = post.api_key ?? first(query.api_key);
      if (!key) throw new Open311Error(403, 'api_key is required.');
      const viewer = await services.apiTokens.viewerForToken(key, request.ip).catch(() => null);
      if (!viewer) throw new Open311Error(403, 'api_key is not valid.');
      const idempotency = first(request.headers['idempotency-key']);
      const created = await services.open311.create(
        viewer,
        { ...post, idempotency_key: post.idempotency_key ?? idempotency },
        request.ip,
        view(services, { ...query, locale: post.locale ?? query.locale }),
      );
      return [created];
    }),
  );
}
