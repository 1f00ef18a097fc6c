// What an intervention does to its tickets, each through the ticket workflow inside the intervention's
// transaction (runTicketChangeIn + applyPhase): the lock, the access rule, the versioned update, the
// public ticket_event (and so the webhooks), the audit row. The per-ticket mails are left out: the
// caller writes one mail per person for the whole change (server/mail/notify-intervention.ts).
import type pg from 'pg';
import type { Config } from '../config.js';
import { insertAudit } from '../db/audit.queries.js';
import {
  deactivateLinks,
  findActiveLinks,
  insertLink,
  listLinkedTickets,
  type InterventionRow,
  type LinkedTicketRow,
} from '../db/intervention.queries.js';
import {
  bumpVersion,
  findTicketState,
  insertEvent,
  updateStatus,
  type TicketStateRow,
} from '../db/workflow.queries.js';
import { AppError, badInput } from '../domain/app-error.js';
import { plannedNote } from '../domain/intervention.js';
import { isOpen } from '../domain/ticket-status.js';
import type { Viewer } from '../domain/viewer.js';
import {
  expectUpdated,
  runTicketChangeIn,
  type ChangeRequest,
  type ChangeScope,
} from './ticket-change.js';
import { applyPhase } from './workflow.service.js';

export interface TicketDeps {
  config: Config;
  municipalityId: number;
}

/** Who may link a ticket to this intervention: admins any; planners only tickets of its office. */
function linkAccess(staff: Viewer, intervention: InterventionRow) {
  return (ticket: TicketStateRow) => {
    if (staff.role !== 'admin' && ticket.office_id !== intervention.office_id)
      throw new AppError(
        'FORBIDDEN',
        `La segnalazione ${ticket.code} è di un altro ufficio: solo un amministratore può collegarla a questo intervento.`,
        { field: 'ticketIds' },
      );
  };
}

/**
 * Links open tickets: received or acknowledged ones move to in_progress with the public note
 * "Intervento programmato per il …"; one already in progress gets the note alone. A closed ticket, or one
 * held by another active intervention, is BAD_USER_INPUT on ticketIds (the caller's transaction rolls
 * back: nothing changed). Returns the ids linked.
 */
export async function linkTickets(
  tx: pg.PoolClient,
  deps: TicketDeps,
  staff: Viewer,
  intervention: InterventionRow,
  ticketIds: readonly number[],
  address?: string,
): Promise<number[]> {
  if (new Set(ticketIds).size !== ticketIds.length)
    throw badInput('ticketIds', 'La stessa segnalazione compare più volte.');
  const held = await findActiveLinks(tx, deps.municipalityId, ticketIds);
  if (held.length)
    throw badInput(
      'ticketIds',
      `Una delle segnalazioni è già in un altro intervento (n. ${held[0].intervention_id}).`,
    );
  const note = plannedNote(intervention.planned_start);
  for (const ticketId of ticketIds) {
    await runTicketChangeIn(
      tx,
      deps,
      staff,
      { ticketId, version: 'current', action: 'ticket.linkIntervention', address },
      async (s) => {
        await moveToIntervention(s.tx, deps, s.ticket, intervention, staff.staffId, note, false);
        s.audit = { interventionId: intervention.id, from: s.ticket.status };
      },
      linkAccess(staff, intervention),
    );
  }
  return [...ticketIds];
}

async function moveToIntervention(
  tx: pg.PoolClient,
  deps: TicketDeps,
  ticket: TicketStateRow,
  intervention: InterventionRow,
  actorStaffId: number | null,
  note: string,
  auto: boolean,
): Promise<void> {
  if (!isOpen(ticket))
    throw badInput(
      'ticketIds',
      `La segnalazione ${ticket.code} è chiusa: non si può collegare a un intervento.`,
    );
  await insertLink(tx, deps.municipalityId, intervention.id, ticket.id, ticket.status, auto);
  if (ticket.status === 'in_progress') {
    await publicNote(tx, deps.municipalityId, ticket, actorStaffId, note);
    return;
  }
  await applyPhase(tx, deps.config, deps.municipalityId, ticket, {
    action: 'startWork',
    actorStaffId,
    note,
    isPublic: true,
    notify: false,
  });
}

async function publicNote(
  tx: pg.PoolClient,
  municipalityId: number,
  ticket: TicketStateRow,
  actorStaffId: number | null,
  note: string,
): Promise<void> {
  const version = await bumpVersion(tx, municipalityId, ticket.id);
  await insertEvent(tx, municipalityId, {
    ticketId: ticket.id,
    kind: 'note',
    actorStaffId,
    before: { version: ticket.version },
    after: { version },
    note,
    public: true,
  });
}

/** A new report linked as it is filed (interventionAutoLink): no staff acts, the audit row says so. */
export async function autoLinkTicket(
  tx: pg.PoolClient,
  deps: TicketDeps,
  intervention: InterventionRow,
  ticketId: number,
): Promise<void> {
  const ticket = await findTicketState(tx, deps.municipalityId, ticketId, true);
  if (!ticket) return;
  await moveToIntervention(
    tx,
    deps,
    ticket,
    intervention,
    null,
    plannedNote(intervention.planned_start),
    true,
  );
  await insertAudit(tx, deps.municipalityId, {
    actorStaffId: null,
    action: 'ticket.linkIntervention',
    target: `ticket:${ticket.id}`,
    details: { code: ticket.code, interventionId: intervention.id, auto: true },
  });
}

/** Completing: every linked ticket still open is resolved with the closing note. Returns their ids. */
export async function resolveLinkedTickets(
  tx: pg.PoolClient,
  deps: TicketDeps,
  staff: Viewer,
  intervention: InterventionRow,
  note: string,
  address?: string,
): Promise<number[]> {
  const links = await listLinkedTickets(tx, deps.municipalityId, intervention.id, true);
  const resolved = await changeOpenLinked(
    tx,
    deps,
    staff,
    links,
    { action: 'ticket.resolveTicket', version: 'current', address },
    async (s) => {
      await applyPhase(s.tx, deps.config, deps.municipalityId, s.ticket, {
        action: 'resolveTicket',
        actorStaffId: staff.staffId,
        note,
        isPublic: true,
        notify: false,
      });
      s.audit = { interventionId: intervention.id, from: s.ticket.status, to: 'resolved' };
    },
  );
  await deactivateLinks(tx, deps.municipalityId, intervention.id, null);
  return resolved;
}

/**
 * Cancelling (ticketIds null) or unlinking: each ticket the intervention moved to in_progress goes back
 * to the phase it had (a public 'restored' event with the note); an open ticket that was already in
 * progress gets the note. Returns the ids of the tickets touched (open ones).
 */
export async function restoreLinkedTickets(
  tx: pg.PoolClient,
  deps: TicketDeps,
  staff: Viewer,
  intervention: InterventionRow,
  ticketIds: readonly number[] | null,
  note: string,
  address?: string,
): Promise<number[]> {
  const links = await listLinkedTickets(tx, deps.municipalityId, intervention.id, true);
  if (ticketIds) {
    const held = new Set(links.map((l) => l.ticket_id));
    if (ticketIds.some((id) => !held.has(id)))
      throw badInput('ticketIds', 'Una delle segnalazioni non è collegata a questo intervento.');
  }
  const wanted = ticketIds ? new Set(ticketIds) : null;
  const touched = await changeOpenLinked(
    tx,
    deps,
    staff,
    links.filter((l) => !wanted || wanted.has(l.ticket_id)),
    { action: 'ticket.restorePhase', version: 'current', address },
    async (s, link) => {
      const back = link.status_before;
      if (
        s.ticket.status !== 'in_progress' ||
        back === 'in_progress' ||
        !isOpen({ status: back })
      ) {
        await publicNote(s.tx, deps.municipalityId, s.ticket, staff.staffId, note);
        return;
      }
      const version = expectUpdated(
        await updateStatus(s.tx, deps.municipalityId, s.ticket.id, {
          to: back,
          version: s.ticket.version,
        }),
      );
      await insertEvent(s.tx, deps.municipalityId, {
        ticketId: s.ticket.id,
        kind: 'restored',
        actorStaffId: staff.staffId,
        fromStatus: s.ticket.status,
        toStatus: back,
        before: { status: s.ticket.status, version: s.ticket.version },
        after: { status: back, version, interventionId: intervention.id },
        note,
        public: true,
      });
      s.audit = { interventionId: intervention.id, from: s.ticket.status, to: back };
    },
  );
  await deactivateLinks(tx, deps.municipalityId, intervention.id, ticketIds);
  return touched;
}

/** Rescheduling: each open linked ticket gets the new date as a public note. Returns their ids. */
export async function noteLinkedTickets(
  tx: pg.PoolClient,
  deps: TicketDeps,
  staff: Viewer,
  intervention: InterventionRow,
  note: string,
  address?: string,
): Promise<number[]> {
  return changeOpenLinked(
    tx,
    deps,
    staff,
    await listLinkedTickets(tx, deps.municipalityId, intervention.id, true),
    { action: 'ticket.addNote', address },
    (s) => publicNote(s.tx, deps.municipalityId, s.ticket, staff.staffId, note),
  );
}

/**
 * The frame of the intervention's moves of its tickets: each of `links` whose ticket is still open goes
 * through the ticket-change frame (lock, version, audit) in the caller's transaction, with no access
 * check of its own (the intervention's access was checked: its moves apply to whatever it holds), and
 * `change` does the move. Returns the ids of the open tickets it ran on.
 */
async function changeOpenLinked(
  tx: pg.PoolClient,
  deps: TicketDeps,
  staff: Viewer,
  links: readonly LinkedTicketRow[],
  request: Omit<ChangeRequest, 'ticketId'>,
  change: (scope: ChangeScope, link: LinkedTicketRow) => Promise<void>,
): Promise<number[]> {
  const touched: number[] = [];
  for (const link of links) {
    await runTicketChangeIn(
      tx,
      deps,
      staff,
      { ...request, ticketId: link.ticket_id },
      async (s) => {
        if (!isOpen(s.ticket)) return;
        touched.push(s.ticket.id);
        await change(s, link);
      },
      () => undefined,
    );
  }
  return touched;
}
