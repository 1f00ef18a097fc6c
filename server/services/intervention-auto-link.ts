// The hook of report filing (ReportService, when the comune sets interventionAutoLink): a new report
// inside the area of an active intervention whose tickets share its category joins it, in the report's
// own transaction — linked through the workflow, the intervention's version moved, its event (and
// webhook) written, and the reporter told once by the intervention's mail.
import type pg from 'pg';
import type { Config } from '../config.js';
import {
  bumpIntervention,
  findIntervention,
  findInterventionForNewTicket,
  insertInterventionEvent,
  refreshTicketArea,
} from '../db/intervention.queries.js';
import { findOffice } from '../db/office.queries.js';
import { notifyInterventionFollowers } from '../mail/notify-intervention.js';
import { autoLinkTicket } from './intervention-tickets.js';

/** The intervention's id the report joined, or null. */
export async function autoLinkNewReport(
  tx: pg.PoolClient,
  config: Config,
  municipalityId: number,
  ticketId: number,
): Promise<number | null> {
  const hit = await findInterventionForNewTicket(tx, municipalityId, ticketId);
  if (!hit) return null;
  const row = await findIntervention(tx, municipalityId, hit.id, true);
  if (!row) return null;
  await autoLinkTicket(tx, { config, municipalityId }, row, ticketId);
  await refreshTicketArea(tx, municipalityId, row.id);
  const version = await bumpIntervention(tx, municipalityId, row.id, row.version);
  await insertInterventionEvent(tx, municipalityId, {
    interventionId: row.id,
    kind: 'linked',
    actorStaffId: null,
    before: { version: row.version },
    after: { version, ticketIds: [ticketId], auto: true },
  });
  const office = await findOffice(tx, municipalityId, row.office_id);
  await notifyInterventionFollowers(tx, config, municipalityId, [ticketId], {
    kind: 'intervention_planned',
    title: row.title,
    officeName: office?.name ?? '',
    plannedStart: row.planned_start,
    plannedEnd: row.planned_end,
    note: null,
  });
  return row.id;
}
