// The process's one logger: pino, JSON lines on stdout. The server, its workers and Fastify all write
// through it (Fastify gets it as its loggerInstance), so every line has the same shape; nothing in
// server/ writes to the console.
import { pino, type Logger, type DestinationStream } from 'pino';

export type { Logger };

interface RequestLike {
  method?: string;
  url?: string;
  routeOptions?: { url?: string };
}

/**
 * Fastify's request as a log field: the method and the route pattern (/unsubscribe/:code/:tag, not the
 * link's secret tag); the path without its query string only when no route matched. No headers, no body.
 */
function request(req: RequestLike): { method?: string; route?: string } {
  return { method: req.method, route: req.routeOptions?.url ?? req.url?.split('?')[0] };
}

export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino({ level, serializers: { req: request, request } }, destination);
}
