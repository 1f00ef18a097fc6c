// The frame every staff change of a ticket runs in: one transaction; the ticket read (locked) and checked
// for the viewer's office; the expected version compared (CONFLICT when stale); then the change itself,
// its ticket_event(s), outbox mails and an audit row, all committed together or not at all.
import type pg from 'pg';
import type { Config } from '../config.js';
import { insertAudit } from '../db/audit.queries.js';
import { withTransaction } from '../db/pool.js';
import {
  findTicketState,
  insertEvent,
  type NewEvent,
  type TicketStateRow,
} from '../db/workflow.queries.js';
import { AppError, badInput } from '../domain/app-error.js';
import { requireTicketWrite } from '../domain/staff-access.js';
import type { Viewer } from '../domain/viewer.js';

export const MAX_NOTE_LENGTH = 4000;

export function conflict(currentVersion?: number): AppError {
  return new AppError(
    'CONFLICT',
    'La segnalazione è stata modificata da qualcun altro nel frattempo: ricaricala e riprova.',
    currentVersion === undefined ? {} : { currentVersion },
  );
}

/** Throws CONFLICT when an update based on a stale version touched no row. */
export function expectUpdated(version: number | undefined): number {
  if (version === undefined) throw conflict();
  return version;
}

export function cleanNote(note: string | null | undefined, field = 'note'): string | null {
  const text = note?.trim() ?? '';
  if (text.length > MAX_NOTE_LENGTH)
    throw badInput(field, `La nota supera i ${MAX_NOTE_LENGTH} caratteri.`);
  return text || null;
}

export interface ChangeScope {
  tx: pg.PoolClient;
  staff: Viewer;
  ticket: TicketStateRow;
  config: Config;
  municipalityId: number;
  /** Extra audit details (e.g. from/to). */
  audit: Record<string, unknown>;
}

/**
 * The version a change expects: the one the caller saw (CONFLICT when the ticket moved on since), or
 * 'current' for a caller who saw none (a bulk action without versions): the ticket's version as read,
 * locked, in the change's own transaction, so the change still applies whole or not at all.
 */
export type ExpectedVersion = number | 'current';

export interface ChangeRequest {
  ticketId: number;
  /** The version the caller saw or 'current'; undefined for changes that never conflict (notes). */
  version?: ExpectedVersion;
  /** Audit action name, e.g. "ticket.resolveTicket". */
  action: string;
  /** Client address, for the audit log. */
  address?: string;
}

export async function runTicketChange(
  deps: { pool: pg.Pool; config: Config; municipalityId: number },
  viewer: Viewer | null,
  request: ChangeRequest,
  change: (scope: ChangeScope) => Promise<void>,
): Promise<void> {
  const staff = requireTicketWrite(viewer);
  await withTransaction(deps.pool, (tx) =>
    runTicketChangeIn(tx, deps, staff, request, change, (ticket) =>
      requireTicketWrite(staff, ticket.office_id),
    ),
  );
}

/**
 * The same frame inside a transaction the caller holds (an intervention changes many tickets in its own
 * one): lock, access check (`access`: the caller's rule for who may change this ticket), version check,
 * the change, the audit row. Returns the ticket as read, locked.
 */
export async function runTicketChangeIn(
  tx: pg.PoolClient,
  deps: { config: Config; municipalityId: number },
  staff: Viewer,
  request: ChangeRequest,
  change: (scope: ChangeScope) => Promise<void>,
  access: (ticket: TicketStateRow) => void,
): Promise<TicketStateRow> {
  // Locked, so that a concurrent reassignment cannot move the ticket out of this operator's office
  // between the check below and the change (unversioned changes such as notes rely on it).
  const ticket = await findTicketState(tx, deps.municipalityId, request.ticketId, true);
  if (!ticket) throw new AppError('NOT_FOUND', 'Segnalazione non trovata.');
  access(ticket);
  if (typeof request.version === 'number' && ticket.version !== request.version)
    throw conflict(ticket.version);
  const scope: ChangeScope = {
    tx,
    staff,
    ticket,
    config: deps.config,
    municipalityId: deps.municipalityId,
    audit: {},
  };
  await change(scope);
  await insertAudit(tx, deps.municipalityId, {
    actorStaffId: staff.staffId,
    action: request.action,
    target: `ticket:${ticket.id}`,
    address: request.address,
    details: {
      code: ticket.code,
      version: ticket.version,
      ...(staff.tokenId !== undefined ? { tokenId: staff.tokenId } : {}),
      ...scope.audit,
    },
  });
  return ticket;
}

/**
 * A change citizens may know about (phase, office, duplicate) goes on the public timeline; its note
 * only when public. An internal note becomes a separate internal 'note' event, so the public history
 * stays complete and internal words never reach it.
 */
export async function insertPublicChange(
  tx: pg.PoolClient,
  municipalityId: number,
  event: Omit<NewEvent, 'public' | 'note'>,
  note: string | null,
  notePublic: boolean,
): Promise<void> {
  await insertEvent(tx, municipalityId, { ...event, note: notePublic ? note : null, public: true });
  if (note && !notePublic) {
    await insertEvent(tx, municipalityId, {
      ticketId: event.ticketId,
      kind: 'note',
      actorStaffId: event.actorStaffId,
      note,
      public: false,
    });
  }
}
