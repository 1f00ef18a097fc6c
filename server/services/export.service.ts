// Exports: the filtered tickets for planners and admins, and the programme of interventions for whoever
// may list interventions (operators: their offices' only), each as a stream of row batches. Reporter
// contacts are personal data: only an admin may include them, explicitly, and every export is audited.
import type pg from 'pg';
import { insertAudit } from '../db/audit.queries.js';
import {
  interventionExportBatches,
  type InterventionExportFilter,
  type InterventionExportRow,
} from '../db/intervention-export.queries.js';
import { exportBatches, type ExportRow } from '../db/ticket-export.queries.js';
import { maskPublicText } from './public-ticket.service.js';
import { AppError } from '../domain/app-error.js';
import type { TicketFilter } from '../domain/ticket-filter.js';
import { requireAnalyticsRead, requireTicketRead } from '../domain/staff-access.js';
import type { Viewer } from '../domain/viewer.js';
import { visibleOfficeIds } from './intervention.service.js';

export interface ExportRequest {
  format: 'csv' | 'geojson';
  /** integrator (codes, UTC, `,`; the default) or it (names, Italian labels, Europe/Rome, `;`): export-format.ts. */
  dialect?: 'integrator' | 'it';
  filter: TicketFilter;
  includeReporter: boolean;
  address: string | null;
}

export class ExportService {
  constructor(
    private readonly pool: pg.Pool,
    /** Where the rows are read (ANALYTICS_DATABASE_URL's standby, or `pool`). */
    private readonly analyticsPool: pg.Pool,
    private readonly municipality: { id: number; local_srid: number },
  ) {}

  /** Authorizes and audits the export, then returns its rows (read lazily from a database cursor). */
  async start(
    viewer: Viewer | null | undefined,
    request: ExportRequest,
  ): Promise<AsyncGenerator<ExportRow[]>> {
    const staff = requireAnalyticsRead(viewer);
    // Contacts need an admin's full rights: a session, or a token that carries the admin scope
    // (an admin's analytics-only token for a BI tool must not dump every reporter's e-mail).
    if (
      request.includeReporter &&
      (staff.role !== 'admin' || (staff.scopes !== null && !staff.scopes.includes('admin')))
    ) {
      throw new AppError(
        'FORBIDDEN',
        'Solo un amministratore può esportare i recapiti dei segnalanti.',
      );
    }
    await insertAudit(this.pool, this.municipality.id, {
      actorStaffId: staff.staffId,
      action: request.includeReporter ? 'export.tickets.reporter' : 'export.tickets',
      target: request.format,
      details: {
        dialect: request.dialect ?? 'integrator',
        filter: request.filter,
        includeReporter: request.includeReporter,
        tokenId: staff.tokenId ?? null,
      },
      address: request.address,
    });
    const scope = {
      municipalityId: this.municipality.id,
      localSrid: this.municipality.local_srid,
      filter: request.filter,
      now: new Date(),
    };
    const batches = exportBatches(this.analyticsPool, scope, {
      includeReporter: request.includeReporter,
      labelledAnswers: request.dialect === 'it',
    });
    return request.includeReporter ? batches : maskedBatches(batches);
  }

  /** The programme of interventions, under the rules of the interventions list; audited. */
  async startInterventions(
    viewer: Viewer | null | undefined,
    request: {
      format: 'csv' | 'geojson';
      dialect: 'integrator' | 'it';
      filter: InterventionExportFilter;
      address: string | null;
    },
  ): Promise<AsyncGenerator<InterventionExportRow[]>> {
    const staff = requireTicketRead(viewer);
    const filter = {
      ...request.filter,
      officeIds: visibleOfficeIds(staff, request.filter.officeIds),
    };
    await insertAudit(this.pool, this.municipality.id, {
      actorStaffId: staff.staffId,
      action: 'export.interventions',
      target: request.format,
      details: { dialect: request.dialect, filter, tokenId: staff.tokenId ?? null },
      address: request.address,
    });
    return interventionExportBatches(this.analyticsPool, this.municipality.id, filter);
  }
}

/** The public copy masked once more: rows from before sql/054's copy was filled show no personal data either. */
async function* maskedBatches(batches: AsyncGenerator<ExportRow[]>): AsyncGenerator<ExportRow[]> {
  for await (const rows of batches) yield rows.map(maskPublicText);
}
