// One log line per request, when it ends: at debug normally, at info for a client error (4xx), at
// warn when slower than LOG_SLOW_MS, at error for a server error (5xx). Fastify's own two info lines
// per request are off (OneLinePerRequest); its error handler still logs what failed. Only the route pattern is logged, never the query string
// or a path with a secret in it (an unsubscribe link's tag).
import {
  LogController,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
} from 'fastify';
import { loggableError, redact } from '../domain/redact.js';

const operations = new WeakMap<FastifyRequest, string>();

/** Lets the request's line name its GraphQL operation. */
export function noteOperation(request: FastifyRequest, operation: string): void {
  operations.set(request, operation);
}

/**
 * Fastify's log lines, less those logRequests replaces: "incoming request", "request completed", the
 * 404 line (it carried the raw URL with its query string) and the info line of a 4xx error (debug
 * now). A 5xx error keeps its line, redacted as every logged error is.
 */
export class OneLinePerRequest extends LogController {
  override incomingRequest(): void {}

  override routeNotFound(): void {}

  override defaultErrorLog(error: Error, _request: FastifyRequest, reply: FastifyReply): void {
    if (reply.statusCode >= 500) reply.log.error({ error: loggableError(error) }, 'request error');
    else reply.log.debug({ code: (error as { code?: unknown }).code }, redact(error.message));
  }

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
