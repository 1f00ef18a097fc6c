// One log line per request, when it ends: at debug normally, at info for a client error (4xx), at
// warn when slower than LOG_SLOW_MS, at error for a server error (5xx). Fastify's own two info lines
// per request are off (OneLinePerRequest); its error handler still logs what failed. Only the route pattern is logged, never the query string
// or a path with a secret in it (an unsubscribe link's tag).
import { LogController, type FastifyInstance, type FastifyRequest } from 'fastify';

const operations = new WeakMap<FastifyRequest, string>();

/** Lets the request's line name its GraphQL operation. */
export function noteOperation(request: FastifyRequest, operation: string): void {
  operations.set(request, operation);
}

/** Fastify's log lines, without "incoming request" and "request completed" (logRequests replaces them). */
export class OneLinePerRequest extends LogController {
  override incomingRequest(): void {}

  override requestCompleted(error: Error | null | undefined, ...rest: unknown[]): void {
    // A reply that failed while being sent still gets Fastify's error line.
    if (error) super.requestCompleted(error, ...(rest as [never, never, never]));
  }
}

export function logRequests(app: FastifyInstance, slowMs: number): void {
  app.addHook('onResponse', async (request, reply) => {
    const ms = Math.round(reply.elapsedTime);
    const status = reply.statusCode;
    const level =
      status >= 500 ? 'error' : ms >= slowMs ? 'warn' : status >= 400 ? 'info' : 'debug';
    request.log[level](
      {
        method: request.method,
        route: request.routeOptions.url ?? '(unmatched)',
        operation: operations.get(request),
        status,
        ms,
      },
      ms >= slowMs ? 'slow request' : status >= 400 ? 'request failed' : 'request',
    );
  });
}
