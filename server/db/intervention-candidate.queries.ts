// The open tickets an intervention could take (filtered, in no active intervention), with the facts the
// candidate score reads (server/domain/intervention-score.ts), measured by the SQL definitions of
// sql/030 (segnala_is_overdue, segnala_is_recurrence, segnala_age_days). Clusters come from
// analytics.queries.ts's DBSCAN (findDuplicateClusters), streets from these rows' street_id.
import type { AnalyticsScope } from './analytics.queries.js';
import { scopeMunicipalities } from './analytics.queries.js';
import { query, type Queryable } from './pool.js';
import type { StreetRow } from './street.queries.js';
import { SqlParams, ticketFilterSql } from './ticket-filter.sql.js';
import type { RecurrenceRule } from './street-stats.queries.js';
import type { TicketStatus } from '../domain/ticket-status.js';

export interface CandidateTicketRow {
  id: number;
  code: string;
  status: TicketStatus;
  street_id: number | null;
  office_id: number;
  category_id: number;
  priority: number;
  supporters: number;
  age_days: number;
  overdue: boolean;
  recurrence: boolean;
  unit_cost_eur: number | null;
}

export function listCandidateTickets(
  db: Queryable,
  scope: AnalyticsScope,
  rule: RecurrenceRule,
  limit: number,
): Promise<CandidateTicketRow[]> {
  const p = new SqlParams();
  const where = ticketFilterSql(scopeMunicipalities(scope), scope.filter, p);
  const now = p.add(scope.now);
  const radius = p.add(rule.radiusM);
  const days = p.add(rule.days);
  const text = `
    select t.id, t.code, t.status, t.street_id, t.office_id, t.category_id, t.priority,
           t.supporters_count as supporters,
           segnala_age_days(t.created_at, ${now}::timestamptz) as age_days,
           segnala_is_overdue(t.status, t.due_at, ${now}::timestamptz) as overdue,
           segnala_is_recurrence(t.municipality_id, t.id, t.category_id, t.location, t.created_at,
                                 ${radius}::float8, ${days}::integer) as recurrence,
           c.unit_cost_eur
    from ticket t
    join category c on c.municipality_id = t.municipality_id and c.id = t.category_id
    where ${where} and segnala_is_open(t.status)
      and not exists (select 1 from intervention_ticket x
                      where x.municipality_id = t.municipality_id and x.ticket_id = t.id and x.active)
    order by t.id
    limit ${p.add(limit)}`;
  return query<CandidateTicketRow>(db, text, p.values);
}

export function findStreetsByIds(
  db: Queryable,
  municipalityId: number,
  ids: readonly number[],
): Promise<StreetRow[]> {
  return query<StreetRow>(
    db,
    `select id, name, name_display, locality, length_m, geometry_source from street
     where municipality_id = $1 and id = any($2::int[])`,
    [municipalityId, ids],
  );
}
