// /healthz: the process lives and answers HTTP (a restart is the cure when it does not); no database
// work, so a sick database never gets the process restarted in a loop. /readyz: this instance can
// serve, as readiness.ts checks it; 503 names the failing checks and nothing else; 200 "degraded" names
// the optional ones that fail (the analytics replica).
import type { FastifyInstance } from 'fastify';
import type { Readiness } from './readiness.js';

export async function healthRoutes(
  app: FastifyInstance,
  options: { readiness: () => Promise<Readiness> },
): Promise<void> {
  app.get('/healthz', async () => ({ status: 'ok' }));

  app.get('/readyz', async (_request, reply) => {
    const { ready, checks, degraded } = await options.readiness();
    const failing = Object.keys(checks).filter((name) => checks[name] !== 'ok');
    void reply.header('cache-control', 'no-store');
    if (!ready) return reply.code(503).send({ status: 'unavailable', failing, checks });
    // Serving, with an optional part missing (the analytics replica): still 200.
    return degraded.length > 0
      ? { status: 'degraded', degraded, checks }
      : { status: 'ready', checks };
  });
}
