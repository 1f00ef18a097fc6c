// GET /export/tickets.csv and /export/tickets.geojson: the tickets matching the filter (query parameters,
// see export-filter.ts), streamed from a database cursor at constant memory. Planner/admin credentials
// (session cookie, bearer JWT or API token with the "read" scope), checked by the export service.
import { Readable } from 'node:stream';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../domain/app-error.js';
import { isDatabaseUnavailable, serviceUnavailable } from '../db/pool.js';
import { loggableError } from '../domain/redact.js';
import type { Viewer } from '../domain/viewer.js';
import type { ExportRow } from '../db/ticket-export.queries.js';
import type { ComuneSettings } from '../services/comune-settings.js';
import type { ExportService } from '../services/export.service.js';
import {
  csvChunk,
  csvHeader,
  exportColumns,
  geojsonHead,
  GEOJSON_TAIL,
  geojsonChunk,
} from './export-format.js';
import { parseExportFilter, wantsReporter, type ExportQuery } from './export-filter.js';

export interface ExportRoutesOptions {
  /** The export service of the request's comune. */
  exports: (request: FastifyRequest) => ExportService;
  /** The request's comune: its name goes in the file name and the GeoJSON metadata. */
  comune: (request: FastifyRequest) => ComuneSettings;
  /** Who is asking (server/services/authenticate.ts); null when anonymous. */
  authenticate: (request: FastifyRequest) => Promise<Viewer | null>;
}

const STATUS_OF: Partial<Record<string, number>> = {
  BAD_USER_INPUT: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  SERVICE_UNAVAILABLE: 503,
};

async function* chunks(
  first: ExportRow[],
  rest: AsyncGenerator<ExportRow[]>,
  format: 'csv' | 'geojson',
  includeReporter: boolean,
  head: string,
): AsyncGenerator<string> {
  const columns = exportColumns(includeReporter);
  yield format === 'csv' ? csvHeader(columns) : head;
  if (first.length > 0)
    yield format === 'csv' ? csvChunk(first, columns) : geojsonChunk(first, columns, true);
  for await (const rows of rest) {
    yield format === 'csv' ? csvChunk(rows, columns) : geojsonChunk(rows, columns, false);
  }
  if (format === 'geojson') yield GEOJSON_TAIL;
}

export async function exportRoutes(
  app: FastifyInstance,
  options: ExportRoutesOptions,
): Promise<void> {
  const handler =
    (format: 'csv' | 'geojson') => async (request: FastifyRequest, reply: FastifyReply) => {
      try {
        const query = request.query as ExportQuery;
        const includeReporter = wantsReporter(query);
        const filter = parseExportFilter(query);
        const viewer = await options.authenticate(request);
        const batches = await options.exports(request).start(viewer, {
          format,
          filter,
          includeReporter,
          address: request.ip,
        });
        // From here the cursor holds a pooled connection: however the response ends (sent, aborted,
        // never started), ending the generator closes the cursor and releases the connection.
        reply.raw.once('close', () => void batches.return(undefined));
        // The first batch is read before any byte goes out: if the database refuses the query, the
        // answer is still a coded error with its status, not a 200 whose download breaks off.
        const first = await batches.next();
        const now = new Date();
        const comune = options.comune(request);
        // segnalazioni-pietrasanta-046024-2026-12-02.csv: the comune is in every file's name.
        const file = `segnalazioni-${comune.fileSlug}-${comune.istatCode}-${now.toISOString().slice(0, 10)}.${format}`;
        return reply
          .header(
            'content-type',
            format === 'csv' ? 'text/csv; charset=utf-8' : 'application/geo+json; charset=utf-8',
          )
          .header('content-disposition', `attachment; filename="${file}"`)
          .header('x-segnala-comune', comune.istatCode)
          .header('cache-control', 'no-store')
          .send(
            Readable.from(
              chunks(
                first.done ? [] : first.value,
                batches,
                format,
                includeReporter,
                geojsonHead(comune, now),
              ),
            ),
          );
      } catch (caught) {
        // The replica of ANALYTICS_DATABASE_URL (or the primary) down or switching: retry later.
        const error = isDatabaseUnavailable(caught) ? serviceUnavailable() : caught;
        if (error instanceof AppError) {
          if (error.code === 'SERVICE_UNAVAILABLE')
            void reply.header('retry-after', String(error.details.retryAfterSeconds ?? 2));
          return reply
            .code(STATUS_OF[error.code] ?? 400)
            .send({ error: { code: error.code, message: error.message, ...error.details } });
        }
        request.log.error({ error: loggableError(error) }, 'Export failed before streaming');
        return reply.code(500).send({
          error: { code: 'INTERNAL_SERVER_ERROR', message: 'Errore interno del server.' },
        });
      }
    };
  app.get('/export/tickets.csv', handler('csv'));
  app.get('/export/tickets.geojson', handler('geojson'));
}
