// Bulk actions on inbox tickets: take in hand, set priority, assign to a colleague, move to another
// office. Every ticket goes through the single-ticket rules on its own (WorkflowService, or
// WorkflowService.assignTicket): its own transaction, office check, expected version and audit row. One
// ticket refused (stale version, other office, wrong phase) changes nothing of that ticket and does
// not stop the others; the answer says, per ticket, what happened. Without versions each ticket is
// changed from the version it has when its own transaction locks it: still whole or not at all.
import type pg from 'pg';
import type { Config } from '../config.js';
import { insertAudit } from '../db/audit.queries.js';
import { listOfficeMembers, type ColleagueRow } from '../db/bulk.queries.js';
import { AppError, badInput } from '../domain/app-error.js';
import { isPriority } from '../domain/priority.js';
import { requireTicketWrite } from '../domain/staff-access.js';
import type { Viewer } from '../domain/viewer.js';
import { cleanNote } from './ticket-change.js';
import type { WorkflowService } from './workflow.service.js';

/** The most tickets one call may change. */
export const MAX_BULK_TICKETS = 200;

export type BulkAction =
  | { kind: 'acknowledge'; note?: string | null }
  | { kind: 'setPriority'; priority: number; note?: string | null }
  | { kind: 'assign'; assigneeId: number | null }
  | { kind: 'reassignOffice'; officeId: number; note?: string | null };

export interface BulkItem {
  id: number;
  /**
   * The version of the ticket the caller saw (CONFLICT when stale); undefined when the caller sent
   * none: the ticket's current version, read under the lock of its own transaction.
   */
  version?: number;
}

export interface BulkResult {
  id: number;
  ok: boolean;
  /** The new version when ok. */
  version: number | null;
  /** An AppError code when refused (CONFLICT, FORBIDDEN, INVALID_TRANSITION, …). */
  code: string | null;
  message: string | null;
}

/**
 * Assigns one ticket to an operator of its office (null: back to the office as a whole), in the
 * single-ticket frame (office check, version check, audit). The one place of the assignment rule
 * until the ticket page's own assignment joins it.
 */
export class BulkService {
  constructor(
    private readonly pool: pg.Pool,
    private readonly config: Config,
    private readonly municipalityId: number,
    private readonly workflow: WorkflowService,
  ) {}

  /** Whom the viewer may assign tickets to: the active operators of its offices (admins: of every office). */
  async colleagues(viewer: Viewer | null): Promise<ColleagueRow[]> {
    const staff = requireTicketWrite(viewer);
    return listOfficeMembers(
      this.pool,
      this.municipalityId,
      staff.role === 'operator' ? staff.officeIds : undefined,
    );
  }

  async update(
    viewer: Viewer | null,
    items: BulkItem[],
    action: BulkAction,
    address?: string,
  ): Promise<BulkResult[]> {
    // Who asks first (a planner or an anonymous caller learns nothing), then the whole input.
    const staff = requireTicketWrite(viewer);
    if (items.length === 0) throw badInput('ids', 'Scegli almeno una segnalazione.');
    if (items.length > MAX_BULK_TICKETS)
      throw badInput('ids', `Al massimo ${MAX_BULK_TICKETS} segnalazioni per volta.`);
    if (new Set(items.map((i) => i.id)).size !== items.length)
      throw badInput('ids', 'La stessa segnalazione compare più volte.');
    if (action.kind === 'setPriority' && !isPriority(action.priority))
      throw badInput('priority', 'La priorità va da 1 (urgente) a 4 (bassa).');
    if ('note' in action) cleanNote(action.note);

    const results: BulkResult[] = [];
    for (const item of items) {
      try {
        const version = await this.one(viewer, item, action, address);
        results.push({ id: item.id, ok: true, version, code: null, message: null });
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        results.push({
          id: item.id,
          ok: false,
          version: null,
          code: error.code,
          message: error.message,
        });
      }
    }
    const ok = results.filter((r) => r.ok).length;
    await insertAudit(this.pool, this.municipalityId, {
      actorStaffId: staff.staffId,
      action: 'ticket.bulkUpdate',
      address,
      details: {
        kind: action.kind,
        tickets: items.length,
        versioned: items.every((i) => i.version !== undefined),
        ok,
        refused: items.length - ok,
        ...(staff.tokenId !== undefined ? { tokenId: staff.tokenId } : {}),
      },
    });
    return results;
  }

  private async one(
    viewer: Viewer | null,
    item: BulkItem,
    action: BulkAction,
    address?: string,
  ): Promise<number> {
    const base = { id: item.id, version: item.version ?? ('current' as const) };
    switch (action.kind) {
      case 'acknowledge':
        return (
          await this.workflow.changePhase(
            viewer,
            'acknowledgeTicket',
            { ...base, note: action.note, public: false },
            address,
          )
        ).version;
      case 'setPriority':
        return (
          await this.workflow.setPriority(
            viewer,
            { ...base, priority: action.priority, note: action.note },
            address,
          )
        ).version;
      case 'reassignOffice':
        return (
          await this.workflow.reassign(
            viewer,
            { ...base, officeId: action.officeId, reason: action.note },
            address,
          )
        ).version;
      case 'assign':
        return (
          await this.workflow.assignTicket(
            viewer,
            { ...base, assigneeId: action.assigneeId },
            address,
          )
        ).version;
    }
  }
}
