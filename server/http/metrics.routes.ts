// GET /metrics (Prometheus text format), and the hook that times every HTTP request for it.
// Who may scrape: with METRICS_TOKEN, whoever sends it as a bearer token; without, only a connection
// from the loopback that no proxy forwarded (a reverse proxy on the same host connects from the
// loopback too, but adds X-Forwarded-For or Forwarded), so /metrics is never public by accident.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Metrics } from './metrics.js';

const LOOPBACK = /^(127\.|::1$|::ffff:127\.)/;

function sha256(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}

function mayScrape(request: FastifyRequest, token: string | undefined): boolean {
  if (token) {
    const sent = /^Bearer (.+)$/i.exec(request.headers.authorization ?? '')?.[1] ?? '';
    return timingSafeEqual(sha256(sent), sha256(token));
  }
  const forwarded = request.headers['x-forwarded-for'] ?? request.headers.forwarded;
  return !forwarded && LOOPBACK.test(request.socket.remoteAddress ?? '');
}

/** Times every request by route pattern (unmatched paths share one label). Register before the routes. */
export function timeRequests(app: FastifyInstance, metrics: Metrics): void {
  app.addHook('onResponse', async (request, reply) => {
    metrics.observeHttp(
      request.method,
      request.routeOptions.url ?? '(unmatched)',
      reply.statusCode,
      reply.elapsedTime / 1000,
    );
  });
}

export async function metricsRoutes(
  app: FastifyInstance,
  options: { metrics: Metrics; token: string | undefined },
): Promise<void> {
  app.get('/metrics', async (request, reply) => {
    if (!mayScrape(request, options.token)) {
      if (options.token) void reply.header('www-authenticate', 'Bearer');
      return reply.code(options.token ? 401 : 403).send({ status: 'forbidden' });
    }
    const text = await options.metrics.scrape();
    return reply
      .type(options.metrics.registry.contentType)
      .header('cache-control', 'no-store')
      .send(text);
  });
}
