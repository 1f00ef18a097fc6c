// The programme of interventions as export rows, read through a cursor like the ticket export
// (export-cursor.ts): office, contractor and street by name, the covered area as GeoJSON, the tickets
// it covers (its active links while it is active; every one it had once completed or cancelled, as
// InterventionService.linkedTickets shows them).
import type pg from 'pg';
import { ACTIVE_INTERVENTION_STATUSES, type InterventionStatus } from '../domain/intervention.js';
import { cursorBatches } from './export-cursor.js';

export interface InterventionExportRow {
  id: number;
  title: string;
  description: string;
  office: string;
  contractor: string | null;
  status: InterventionStatus;
  estimated_cost_eur: number;
  /** Calendar days YYYY-MM-DD (already Europe/Rome). */
  planned_start: string;
  planned_end: string;
  area_kind: 'street' | 'polygon' | 'tickets';
  street: string | null;
  /** GeoJSON geometry text (WGS84), or null before any ticket. */
  area: string | null;
  closing_note: string | null;
  ticket_count: number;
  /** Tracking codes, comma-separated in ticket order. */
  ticket_codes: string;
  /** ISO 8601 UTC text. */
  created_at: string;
  started_at: string | null;
  completed_at: string | null;
  cancelled_at: string | null;
}

export interface InterventionExportFilter {
  statuses?: InterventionStatus[];
  officeIds?: number[];
}

const iso = (column: string) =>
  `to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

const SQL = `
  select i.id, i.title, i.description, o.name as office, k.name as contractor, i.status,
         i.estimated_cost_eur::float8 as estimated_cost_eur,
         to_char(i.planned_start, 'YYYY-MM-DD') as planned_start, to_char(i.planned_end, 'YYYY-MM-DD') as planned_end,
         i.area_kind, s.name_display as street, st_asgeojson(i.area, 7) as area, i.closing_note,
         coalesce(l.n, 0)::int as ticket_count, coalesce(l.codes, '') as ticket_codes,
         ${iso('i.created_at')} as created_at, ${iso('i.started_at')} as started_at,
         ${iso('i.completed_at')} as completed_at, ${iso('i.cancelled_at')} as cancelled_at
  from intervention i
  join office o on o.municipality_id = i.municipality_id and o.id = i.office_id
  left join contractor k on k.municipality_id = i.municipality_id and k.id = i.contractor_id
  left join street s on s.municipality_id = i.municipality_id and s.id = i.street_id
  left join lateral (
    select count(*) as n, string_agg(t.code, ', ' order by t.id) as codes
    from intervention_ticket it
    join ticket t on t.municipality_id = it.municipality_id and t.id = it.ticket_id
    where it.municipality_id = i.municipality_id and it.intervention_id = i.id
      and (it.active or not (i.status = any($4::text[])))
  ) l on true
  where i.municipality_id = $1
    and ($2::text[] is null or i.status = any($2::text[]))
    and ($3::int[] is null or i.office_id = any($3::int[]))
  order by i.planned_start, i.id`;

/** Yields the comune's interventions matching the filter, by planned start, in batches. */
export function interventionExportBatches(
  pool: pg.Pool,
  municipalityId: number,
  filter: InterventionExportFilter,
  batchSize = 2000,
): AsyncGenerator<InterventionExportRow[]> {
  return cursorBatches<InterventionExportRow>(
    pool,
    SQL,
    [
      municipalityId,
      filter.statuses?.length ? filter.statuses : null,
      filter.officeIds ?? null,
      ACTIVE_INTERVENTION_STATUSES,
    ],
    batchSize,
  );
}
