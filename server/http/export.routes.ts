// The export downloads, each the matching rows streamed from a database cursor at constant memory:
//   GET /export/tickets.csv|.geojson         integrators: codes, ISO 8601 UTC, `,` (unchanged)
//   GET /export/segnalazioni.csv|.geojson    an Italian office: names, Italian labels, Europe/Rome, `;`
//   GET /export/interventions.csv|.geojson   the programme of interventions, integrator dialect
//   GET /export/interventi.csv|.geojson      the programme of interventions, Italian
// Tickets: the TicketFilter as query parameters (export-filter.ts), planner/admin credentials (session
// cookie, bearer JWT or API token with "analytics:read"). Interventions: statuses and officeIds, whoever
// may list interventions (operators: their offices'). The export service authorizes and audits.
import { Readable } from 'node:stream';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../domain/app-error.js';
import { isDatabaseUnavailable, serviceUnavailable } from '../db/pool.js';
import { loggableError } from '../domain/redact.js';
import type { Viewer } from '../domain/viewer.js';
import type { ComuneSettings } from '../services/comune-settings.js';
import type { ExportService } from '../services/export.service.js';
import {
  csvChunk,
  csvHeader,
  geojsonHead,
  GEOJSON_TAIL,
  geojsonChunk,
  type CsvDialect,
  type ExportColumn,
} from './export-format.js';
import {
  parseExportFilter,
  parseInterventionExportFilter,
  wantsReporter,
  type ExportQuery,
} from './export-filter.js';
import { ticketColumns, ticketGeometry, ticketProperties } from './ticket-export.columns.js';
import { interventionColumns, interventionGeometry } from './intervention-export.columns.js';

export interface ExportRoutesOptions {
  /** The export service of the request's comune. */
  exports: (request: FastifyRequest) => ExportService;
  /** The request's comune: its name goes in the file name and the GeoJSON metadata. */
  comune: (request: FastifyRequest) => ComuneSettings;
  /** Who is asking (server/services/authenticate.ts); null when anonymous. */
  authenticate: (request: FastifyRequest) => Promise<Viewer | null>;
}

type Format = 'csv' | 'geojson';

const STATUS_OF: Partial<Record<string, number>> = {
  BAD_USER_INPUT: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  SERVICE_UNAVAILABLE: 503,
};

/** How one kind of export reads its rows and writes them. */
interface ExportKind<Row> {
  /** The file name's first word: segnalazioni-seravezza-046028-2026-12-04.csv */
  file: string;
  start: (
    request: FastifyRequest,
    viewer: Viewer | null,
    format: Format,
  ) => Promise<{ batches: AsyncGenerator<Row[]>; columns: ExportColumn<Row>[] }>;
  geometry: (row: Row) => string | null;
}

async function* chunks<Row>(
  first: Row[],
  rest: AsyncGenerator<Row[]>,
  format: Format,
  dialect: CsvDialect,
  columns: ExportColumn<Row>[],
  geometry: (row: Row) => string | null,
  head: string,
): AsyncGenerator<string> {
  yield format === 'csv' ? csvHeader(columns, dialect) : head;
  const write = (rows: Row[], isFirst: boolean) =>
    format === 'csv'
      ? csvChunk(rows, columns, dialect)
      : geojsonChunk(rows, columns, geometry, isFirst);
  if (first.length > 0) yield write(first, true);
  for await (const rows of rest) yield write(rows, false);
  if (format === 'geojson') yield GEOJSON_TAIL;
}

export async function exportRoutes(
  app: FastifyInstance,
  options: ExportRoutesOptions,
): Promise<void> {
  const handler =
    <Row>(kind: ExportKind<Row>, format: Format, dialect: CsvDialect) =>
    async (request: FastifyRequest, reply: FastifyReply) => {
      try {
        const viewer = await options.authenticate(request);
        const { batches, columns } = await kind.start(request, viewer, format);
        // From here the cursor holds a pooled connection: however the response ends (sent, aborted,
        // never started), ending the generator closes the cursor and releases the connection.
        reply.raw.once('close', () => void batches.return(undefined));
        // The first batch is read before any byte goes out: if the database refuses the query, the
        // answer is still a coded error with its status, not a 200 whose download breaks off.
        const first = await batches.next();
        const now = new Date();
        const comune = options.comune(request);
        // segnalazioni-pietrasanta-046024-2026-12-02.csv: the comune is in every file's name.
        const file = `${kind.file}-${comune.fileSlug}-${comune.istatCode}-${now.toISOString().slice(0, 10)}.${format}`;
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
                dialect,
                columns,
                kind.geometry,
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

  const tickets = (dialect: CsvDialect) => ({
    file: 'segnalazioni',
    start: async (request: FastifyRequest, viewer: Viewer | null, format: Format) => {
      const query = request.query as ExportQuery;
      const includeReporter = wantsReporter(query);
      const filter = parseExportFilter(query);
      const batches = await options.exports(request).start(viewer, {
        format,
        dialect,
        filter,
        includeReporter,
        address: request.ip,
      });
      const columns = (format === 'csv' ? ticketColumns : ticketProperties)(
        dialect,
        includeReporter,
      );
      return { batches, columns };
    },
    geometry: ticketGeometry,
  });
  const interventions = (dialect: CsvDialect) => ({
    file: 'interventi',
    start: async (request: FastifyRequest, viewer: Viewer | null, format: Format) => {
      const filter = parseInterventionExportFilter(request.query as ExportQuery);
      const batches = await options
        .exports(request)
        .startInterventions(viewer, { format, dialect, filter, address: request.ip });
      return { batches, columns: interventionColumns(dialect) };
    },
    geometry: interventionGeometry,
  });

  for (const format of ['csv', 'geojson'] as const) {
    app.get(`/export/tickets.${format}`, handler(tickets('integrator'), format, 'integrator'));
    app.get(`/export/segnalazioni.${format}`, handler(tickets('it'), format, 'it'));
    app.get(
      `/export/interventions.${format}`,
      handler(interventions('integrator'), format, 'integrator'),
    );
    app.get(`/export/interventi.${format}`, handler(interventions('it'), format, 'it'));
  }
}
