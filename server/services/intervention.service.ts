// Interventions (interventi): create, schedule, start, complete, cancel, reschedule, link and unlink
// tickets. Each runs in one transaction: the intervention locked and its version checked (CONFLICT when
// stale), its own event (→ the intervention.changed webhook), the tickets changed through the workflow
// (intervention-tickets.ts), one mail per person, an audit row. Planners and admins plan and change;
// operators see their offices' interventions and may complete them.
import type pg from 'pg';
import type { Config } from '../config.js';
import { insertAudit } from '../db/audit.queries.js';
import { findContractor } from '../db/contractor.queries.js';
import {
  bumpIntervention,
  findIntervention,
  insertIntervention,
  insertInterventionEvent,
  interventionKpis,
  listInterventions,
  listLinkedTickets,
  listSuggestedTickets,
  refreshTicketArea,
  setStreetArea,
  updateInterventionDates,
  updateInterventionStatus,
  type InterventionKpiRow,
  type InterventionRow,
  type NewInterventionEvent,
} from '../db/intervention.queries.js';
import { findOffice } from '../db/office.queries.js';
import { withTransaction } from '../db/pool.js';
import { findStreet } from '../db/street.queries.js';
import { AppError, badInput } from '../domain/app-error.js';
import { encodeKeyCursor, decodeKeyCursor } from '../domain/cursor.js';
import {
  formatDay,
  MAX_INTERVENTION_TICKETS,
  requireActiveIntervention,
  requireInterventionAction,
  validateCost,
  validatePlannedDates,
  validateTitle,
  type InterventionAction,
  type InterventionStatus,
} from '../domain/intervention.js';
import type { Page } from '../domain/page.js';
import { requireAnalyticsRead, requireTicketRead } from '../domain/staff-access.js';
import { validatePolygon } from '../domain/ticket-filter.js';
import type { Viewer } from '../domain/viewer.js';
import type { InterventionMailKind } from '../mail/intervention-mail.template.js';
import { notifyInterventionFollowers } from '../mail/notify-intervention.js';
import {
  linkTickets,
  noteLinkedTickets,
  resolveLinkedTickets,
  restoreLinkedTickets,
} from './intervention-tickets.js';
import { cleanNote } from './ticket-change.js';

export interface CreateInterventionInput {
  title: string;
  description?: string | null;
  officeId: number;
  contractorId?: number | null;
  ticketIds: number[];
  estimatedCost: number;
  plannedStart: string;
  plannedEnd: string;
  streetId?: number | null;
  /** GeoJSON Polygon or MultiPolygon (WGS84). */
  area?: unknown;
}

/** Planning changes: planners and admins (tokens with analytics:read). */
export function requirePlanning(viewer: Viewer | null | undefined): Viewer {
  return requireAnalyticsRead(viewer);
}

function notFound(): AppError {
  return new AppError('NOT_FOUND', 'Intervento non trovato.');
}

function conflict(currentVersion: number): AppError {
  return new AppError(
    'CONFLICT',
    "L'intervento è stato modificato da qualcun altro nel frattempo: ricaricalo e riprova.",
    { currentVersion },
  );
}

/** Operators read (and complete) the interventions of their offices only. */
function requireOfficeAccess(staff: Viewer, row: InterventionRow): void {
  if (staff.role === 'operator' && !staff.officeIds.includes(row.office_id))
    throw new AppError('FORBIDDEN', 'Questo intervento è di un altro ufficio.');
}

/**
 * The offices whose interventions a list, its figures or an export show: what was asked, and for an
 * operator only among their own offices (none asked: all of theirs). Undefined: every office.
 */
export function visibleOfficeIds(staff: Viewer, asked: number[] | undefined): number[] | undefined {
  if (staff.role !== 'operator') return asked?.length ? asked : undefined;
  return (asked?.length ? asked : staff.officeIds).filter((o) => staff.officeIds.includes(o));
}

/** The list's filter as the viewer may ask it: an operator's offices only, whatever it asked. */
function scopedFilter(
  staff: Viewer,
  filter: { statuses?: InterventionStatus[]; officeIds?: number[] },
): { statuses?: InterventionStatus[]; officeIds?: number[] } {
  return {
    statuses: filter.statuses?.length ? filter.statuses : undefined,
    officeIds: visibleOfficeIds(staff, filter.officeIds),
  };
}

export class InterventionService {
  constructor(
    private readonly pool: pg.Pool,
    private readonly config: Config,
    private readonly municipalityId: number,
  ) {}

  private get deps() {
    return { config: this.config, municipalityId: this.municipalityId };
  }

  async get(viewer: Viewer | null, id: number): Promise<InterventionRow> {
    const staff = requireTicketRead(viewer);
    const row = await findIntervention(this.pool, this.municipalityId, id);
    if (!row) throw notFound();
    requireOfficeAccess(staff, row);
    return row;
  }

  async list(
    viewer: Viewer | null,
    filter: { statuses?: InterventionStatus[]; officeIds?: number[] },
    first: number,
    after: string | null | undefined,
  ): Promise<Page<InterventionRow>> {
    const rows = await listInterventions(this.pool, this.municipalityId, {
      ...scopedFilter(requireTicketRead(viewer), filter),
      afterId: decodeKeyCursor(after),
      limit: first,
    });
    const nodes = rows.slice(0, first);
    return {
      nodes,
      cursors: nodes.map((r) => encodeKeyCursor(r.id)),
      hasNextPage: rows.length > first,
      totalCount: rows[0]?.total_count ?? 0,
    };
  }

  /** The programme's figures over the interventions the viewer may see (operators: their offices'). */
  kpis(
    viewer: Viewer | null,
    filter: { statuses?: InterventionStatus[]; officeIds?: number[] },
  ): Promise<InterventionKpiRow> {
    return interventionKpis(
      this.pool,
      this.municipalityId,
      scopedFilter(requireTicketRead(viewer), filter),
    );
  }

  linkedTickets(row: InterventionRow) {
    const active = row.status !== 'completed' && row.status !== 'cancelled';
    return listLinkedTickets(this.pool, this.municipalityId, row.id, active);
  }

  /** New reports in the covered area, of a category the intervention has, not linked yet. */
  suggestedTickets(row: InterventionRow) {
    if (row.status === 'completed' || row.status === 'cancelled') return Promise.resolve([]);
    return listSuggestedTickets(this.pool, this.municipalityId, row.id);
  }

  async create(
    viewer: Viewer | null,
    input: CreateInterventionInput,
    address?: string,
  ): Promise<InterventionRow> {
    const staff = requirePlanning(viewer);
    const id = await withTransaction(this.pool, (tx) => this.createIn(tx, staff, input, address));
    return (await findIntervention(this.pool, this.municipalityId, id))!;
  }

  /** Creates one intervention in the caller's transaction (a plan turned into several at once). */
  async createIn(
    tx: pg.PoolClient,
    staff: Viewer,
    input: CreateInterventionInput,
    address?: string,
  ): Promise<number> {
    const title = validateTitle(input.title);
    const cost = validateCost(input.estimatedCost);
    const dates = validatePlannedDates(input.plannedStart, input.plannedEnd);
    const description = cleanNote(input.description, 'description') ?? '';
    if (input.ticketIds.length > MAX_INTERVENTION_TICKETS)
      throw badInput('ticketIds', `Al massimo ${MAX_INTERVENTION_TICKETS} segnalazioni.`);
    const polygon = input.area ? validatePolygon(input.area) : undefined;
    const areaKind = polygon ? 'polygon' : input.streetId ? 'street' : 'tickets';
    if (areaKind === 'tickets' && input.ticketIds.length === 0)
      throw badInput('ticketIds', "Indica le segnalazioni, una via o un'area dell'intervento.");
    const m = this.municipalityId;
    const office = await findOffice(tx, m, input.officeId);
    if (!office?.active) throw badInput('officeId', 'Ufficio sconosciuto o non attivo.');
    if (input.contractorId) {
      const c = await findContractor(tx, m, input.contractorId);
      if (!c || c.disabled_at) throw badInput('contractorId', 'Ditta sconosciuta o disattivata.');
    }
    if (input.streetId && !(await findStreet(tx, m, input.streetId)))
      throw badInput('streetId', 'Via sconosciuta.');
    const id = await insertIntervention(tx, m, {
      title,
      description,
      officeId: office.id,
      contractorId: input.contractorId ?? null,
      estimatedCost: cost,
      plannedStart: dates.start,
      plannedEnd: dates.end,
      areaKind,
      streetId: input.streetId ?? null,
      polygon: polygon ? JSON.stringify(polygon) : null,
      createdBy: staff.staffId,
    });
    if (areaKind === 'street') await setStreetArea(tx, m, id);
    const row = (await findIntervention(tx, m, id, true))!;
    const linked = await linkTickets(tx, this.deps, staff, row, input.ticketIds, address);
    await refreshTicketArea(tx, m, id);
    await this.event(tx, {
      interventionId: id,
      kind: 'created',
      actorStaffId: staff.staffId,
      after: { status: row.status, version: row.version, ticketIds: linked, estimatedCost: cost },
    });
    await this.mail(tx, row, office.name, linked, 'intervention_planned', null);
    await this.audit(tx, staff, 'intervention.create', id, address, { tickets: linked.length });
    return id;
  }

  /** schedule, start, complete or cancel. `note` is the closing note (complete: required, public). */
  async changeStatus(
    viewer: Viewer | null,
    action: InterventionAction,
    input: { id: number; version: number; note?: string | null },
    address?: string,
  ): Promise<InterventionRow> {
    const staff =
      action === 'completeIntervention' ? requireTicketRead(viewer) : requirePlanning(viewer);
    const note = cleanNote(input.note);
    if (action === 'completeIntervention' && !note)
      throw badInput(
        'note',
        "Per concludere l'intervento serve una nota pubblica per i cittadini.",
      );
    await this.change(staff, input.id, input.version, action, address, async (tx, row) => {
      if (action === 'completeIntervention') this.requireCompleter(staff, row);
      const to = requireInterventionAction(action, row.status);
      const version = await updateInterventionStatus(
        tx,
        this.municipalityId,
        row.id,
        row.version,
        to,
        action === 'completeIntervention' || action === 'cancelIntervention' ? note : null,
      );
      if (version === undefined) throw conflict(row.version);
      let touched: number[] = [];
      let kind: InterventionMailKind | null = null;
      if (action === 'completeIntervention') {
        touched = await resolveLinkedTickets(tx, this.deps, staff, row, note!, address);
        kind = 'intervention_completed';
      } else if (action === 'cancelIntervention') {
        const text = note ?? "L'intervento programmato è stato annullato.";
        touched = await restoreLinkedTickets(tx, this.deps, staff, row, null, text, address);
        kind = 'intervention_cancelled';
      }
      await this.event(tx, {
        interventionId: row.id,
        kind: ACTION_EVENT[action],
        actorStaffId: staff.staffId,
        before: { status: row.status, version: row.version },
        after: { status: to, version, tickets: touched },
        note,
      });
      if (kind) await this.mail(tx, row, null, touched, kind, note);
      return { tickets: touched.length };
    });
    return (await findIntervention(this.pool, this.municipalityId, input.id))!;
  }

  async reschedule(
    viewer: Viewer | null,
    input: { id: number; version: number; plannedStart: string; plannedEnd: string },
    address?: string,
  ): Promise<InterventionRow> {
    const staff = requirePlanning(viewer);
    const dates = validatePlannedDates(input.plannedStart, input.plannedEnd);
    await this.change(
      staff,
      input.id,
      input.version,
      'rescheduleIntervention',
      address,
      async (tx, row) => {
        requireActiveIntervention(row);
        const version = await updateInterventionDates(
          tx,
          this.municipalityId,
          row.id,
          row.version,
          dates.start,
          dates.end,
        );
        if (version === undefined) throw conflict(row.version);
        const moved = { ...row, planned_start: dates.start, planned_end: dates.end };
        const note = `Intervento riprogrammato: inizio il ${formatDay(dates.start, 'it')}, fine prevista il ${formatDay(dates.end, 'it')}.`;
        const noted = await noteLinkedTickets(tx, this.deps, staff, moved, note, address);
        await this.event(tx, {
          interventionId: row.id,
          kind: 'rescheduled',
          actorStaffId: staff.staffId,
          before: {
            plannedStart: row.planned_start,
            plannedEnd: row.planned_end,
            version: row.version,
          },
          after: { plannedStart: dates.start, plannedEnd: dates.end, version },
        });
        await this.mail(tx, moved, null, noted, 'intervention_rescheduled', null);
        return { tickets: noted.length };
      },
    );
    return (await findIntervention(this.pool, this.municipalityId, input.id))!;
  }

  async link(
    viewer: Viewer | null,
    input: { id: number; version: number; ticketIds: number[] },
    address?: string,
  ): Promise<InterventionRow> {
    const staff = requirePlanning(viewer);
    if (input.ticketIds.length === 0)
      throw badInput('ticketIds', 'Scegli almeno una segnalazione.');
    if (input.ticketIds.length > MAX_INTERVENTION_TICKETS)
      throw badInput('ticketIds', `Al massimo ${MAX_INTERVENTION_TICKETS} segnalazioni.`);
    await this.change(
      staff,
      input.id,
      input.version,
      'linkInterventionTickets',
      address,
      async (tx, row) => {
        requireActiveIntervention(row);
        const linked = await linkTickets(tx, this.deps, staff, row, input.ticketIds, address);
        await this.afterLinks(tx, staff, row, 'linked', linked);
        await this.mail(tx, row, null, linked, 'intervention_planned', null);
        return { tickets: linked.length };
      },
    );
    return (await findIntervention(this.pool, this.municipalityId, input.id))!;
  }

  async unlink(
    viewer: Viewer | null,
    input: { id: number; version: number; ticketIds: number[]; note?: string | null },
    address?: string,
  ): Promise<InterventionRow> {
    const staff = requirePlanning(viewer);
    const note =
      cleanNote(input.note) ?? "La segnalazione non fa più parte dell'intervento programmato.";
    if (input.ticketIds.length === 0)
      throw badInput('ticketIds', 'Scegli almeno una segnalazione.');
    await this.change(
      staff,
      input.id,
      input.version,
      'unlinkInterventionTickets',
      address,
      async (tx, row) => {
        requireActiveIntervention(row);
        const touched = await restoreLinkedTickets(
          tx,
          this.deps,
          staff,
          row,
          input.ticketIds,
          note,
          address,
        );
        await this.afterLinks(tx, staff, row, 'unlinked', input.ticketIds);
        // Their people were told the work was planned: one mail each says it no longer covers them.
        await this.mail(tx, row, null, touched, 'intervention_unlinked', note);
        return { tickets: touched.length };
      },
    );
    return (await findIntervention(this.pool, this.municipalityId, input.id))!;
  }

  private requireCompleter(staff: Viewer, row: InterventionRow): void {
    if (staff.role === 'planner' || staff.role === 'admin') return;
    requireOfficeAccess(staff, row);
    if (staff.scopes && !staff.scopes.includes('tickets:write'))
      throw new AppError('FORBIDDEN', 'Il token non ha l\'ambito "tickets:write".');
  }

  /** The frame of every change: lock, office check, version check, the change, the audit row. */
  private async change(
    staff: Viewer,
    id: number,
    version: number,
    action: string,
    address: string | undefined,
    fn: (tx: pg.PoolClient, row: InterventionRow) => Promise<Record<string, unknown>>,
  ): Promise<void> {
    await withTransaction(this.pool, async (tx) => {
      const row = await findIntervention(tx, this.municipalityId, id, true);
      if (!row) throw notFound();
      requireOfficeAccess(staff, row);
      if (row.version !== version) throw conflict(row.version);
      const details = await fn(tx, row);
      await this.audit(tx, staff, `intervention.${action}`, id, address, {
        version: row.version,
        from: row.status,
        ...details,
      });
    });
  }

  private async afterLinks(
    tx: pg.PoolClient,
    staff: Viewer,
    row: InterventionRow,
    kind: 'linked' | 'unlinked',
    ticketIds: number[],
  ): Promise<void> {
    await refreshTicketArea(tx, this.municipalityId, row.id);
    const version = await bumpIntervention(tx, this.municipalityId, row.id, row.version);
    if (version === undefined) throw conflict(row.version);
    await this.event(tx, {
      interventionId: row.id,
      kind,
      actorStaffId: staff.staffId,
      before: { version: row.version },
      after: { version, ticketIds },
    });
  }

  private async mail(
    tx: pg.PoolClient,
    row: InterventionRow,
    officeName: string | null,
    ticketIds: number[],
    kind: InterventionMailKind,
    note: string | null,
  ): Promise<void> {
    if (ticketIds.length === 0) return;
    const name =
      officeName ?? (await findOffice(tx, this.municipalityId, row.office_id))?.name ?? '';
    await notifyInterventionFollowers(tx, this.config, this.municipalityId, ticketIds, {
      kind,
      title: row.title,
      officeName: name,
      plannedStart: row.planned_start,
      plannedEnd: row.planned_end,
      note,
    });
  }

  private event(tx: pg.PoolClient, e: NewInterventionEvent): Promise<void> {
    return insertInterventionEvent(tx, this.municipalityId, e);
  }

  private audit(
    tx: pg.PoolClient,
    staff: Viewer,
    action: string,
    id: number,
    address: string | undefined,
    details: Record<string, unknown>,
  ): Promise<void> {
    return insertAudit(tx, this.municipalityId, {
      actorStaffId: staff.staffId,
      action,
      target: `intervention:${id}`,
      address,
      details: { ...details, ...(staff.tokenId !== undefined ? { tokenId: staff.tokenId } : {}) },
    });
  }
}

const ACTION_EVENT: Record<InterventionAction, NewInterventionEvent['kind']> = {
  scheduleIntervention: 'scheduled',
  startIntervention: 'started',
  completeIntervention: 'completed',
  cancelIntervention: 'cancelled',
};
