-- 030 — the definitions behind every planning statistic (KPIs, street stats, time series, heat, clusters).
--
-- Each measure is one small SQL function with a COMMENT saying exactly what it counts, so that the
-- GraphQL descriptions, the exports and anyone running psql read the same definition. They are
-- `language sql` one-expression functions marked immutable/stable and parallel safe: the planner
-- inlines them, so using them costs nothing over writing the expression by hand.
-- Only PostgreSQL 15 / PostGIS 3.3 features.

create or replace function segnala_is_open(status ticket_status) returns boolean
  language sql immutable parallel safe
  as $$ select status in ('received'::ticket_status, 'acknowledged'::ticket_status, 'in_progress'::ticket_status) $$;
comment on function segnala_is_open(ticket_status) is
  'Open = still needs work: received, acknowledged (presa in carico) or in_progress (in lavorazione). '
  'Resolved, rejected and duplicate tickets are closed. Same list as OPEN_STATUSES in server/domain/ticket-status.ts.';

create or replace function segnala_hours_between(from_at timestamptz, to_at timestamptz) returns double precision
  language sql immutable parallel safe
  as $$ select (date_part('epoch', to_at) - date_part('epoch', from_at)) / 3600.0 $$;
comment on function segnala_hours_between(timestamptz, timestamptz) is
  'Elapsed wall-clock hours from from_at to to_at (fractional; null when either is null). '
  'Calendar hours, not working hours: a citizen waits through nights and weekends too.';

create or replace function segnala_closed_at(status ticket_status, resolved_at timestamptz, closed_at timestamptz, updated_at timestamptz)
  returns timestamptz
  language sql immutable parallel safe
  as $$
    select case
      when status = 'resolved' then coalesce(resolved_at, closed_at, updated_at)
      when status in ('rejected', 'duplicate') then coalesce(closed_at, resolved_at, updated_at)
      else null
    end
  $$;
comment on function segnala_closed_at(ticket_status, timestamptz, timestamptz, timestamptz) is
  'When a ticket left the backlog, by its current state: resolved_at for resolved tickets, closed_at for rejected '
  'and duplicate ones (falling back to the other timestamp, then updated_at, for rows written without them); null '
  'while open. A reopened ticket is open again, so it counts as backlog from its creation (its current state wins).';

create or replace function segnala_is_overdue(status ticket_status, due_at timestamptz, at_time timestamptz) returns boolean
  language sql immutable parallel safe
  as $$ select segnala_is_open(status) and due_at < at_time $$;
comment on function segnala_is_overdue(ticket_status, timestamptz, timestamptz) is
  'Overdue = still open and its due time (created_at + the category SLA, or as set by staff) is before at_time (now).';

create or replace function segnala_resolve_hours(status ticket_status, created_at timestamptz, resolved_at timestamptz)
  returns double precision
  language sql immutable parallel safe
  as $$ select case when status = 'resolved' then segnala_hours_between(created_at, resolved_at) end $$;
comment on function segnala_resolve_hours(ticket_status, timestamptz, timestamptz) is
  'Time to resolve, in hours: from the report (created_at) to resolved_at, for tickets whose current state is '
  'resolved; null for every other ticket (open, rejected and duplicate tickets are not "resolved").';

create or replace function segnala_ack_hours(created_at timestamptz, acknowledged_at timestamptz) returns double precision
  language sql immutable parallel safe
  as $$ select segnala_hours_between(created_at, acknowledged_at) $$;
comment on function segnala_ack_hours(timestamptz, timestamptz) is
  'Time to acknowledge, in hours: from the report to acknowledged_at (presa in carico), for every ticket that was '
  'acknowledged, whatever its state now; null when it never was.';

create or replace function segnala_within_sla(status ticket_status, resolved_at timestamptz, due_at timestamptz) returns boolean
  language sql immutable parallel safe
  as $$ select case when status = 'resolved' then resolved_at <= due_at end $$;
comment on function segnala_within_sla(ticket_status, timestamptz, timestamptz) is
  'For a resolved ticket: true when it was resolved at or before due_at, false when late; null for other tickets. '
  'The SLA share is the average of this over resolved tickets.';

create or replace function segnala_was_resolved(status ticket_status, reopen_count integer) returns boolean
  language sql immutable parallel safe
  as $$ select status = 'resolved' or reopen_count > 0 $$;
comment on function segnala_was_resolved(ticket_status, integer) is
  'True when a ticket has been resolved at least once: it is resolved now, or it was reopened (only a resolved or '
  'rejected ticket can be reopened). The reopen rate is count(reopen_count > 0) / count(segnala_was_resolved).';

create or replace function segnala_age_days(created_at timestamptz, at_time timestamptz) returns double precision
  language sql immutable parallel safe
  as $$ select (date_part('epoch', at_time) - date_part('epoch', created_at)) / 86400.0 $$;
comment on function segnala_age_days(timestamptz, timestamptz) is
  'Age in days (fractional) of a ticket at at_time (now). The open-age percentiles use it over open tickets only, '
  'so a growing backlog shows even when many easy tickets are closed quickly.';

-- Hexagon binning without building the grid. ST_HexagonGrid(size, bounds) and ST_Hexagon(size, i, j) tile the plane
-- from origin (0,0) with flat-topped hexagons of edge `size`; cell (i, j) is centred at
-- (1.5·size·i, √3·size·(j + ½ when i is odd)). A point belongs to the hexagon whose centre is nearest, and the only
-- candidate columns are floor(x / 1.5·size) and the next one. Three small functions so that the planner inlines
-- them (pass plain columns as x and y, e.g. from a materialized CTE: an expensive argument used twice blocks inlining).
create or replace function segnala_hex_j(y double precision, size double precision, i integer) returns integer
  language sql immutable parallel safe
  as $$ select round((y - case when i % 2 <> 0 then sqrt(3.0) * size / 2 else 0::float8 end) / (sqrt(3.0) * size))::integer $$;
comment on function segnala_hex_j(double precision, double precision, integer) is
  'Row j of the ST_HexagonGrid cell in column i nearest to height y (metric SRID, hexagon edge size).';

create or replace function segnala_hex_d2(x double precision, y double precision, size double precision, i integer)
  returns double precision
  language sql immutable parallel safe
  as $$
    select (x - 1.5 * size * i) ^ 2
         + (y - sqrt(3.0) * size * (segnala_hex_j(y, size, i) + case when i % 2 <> 0 then 0.5::float8 else 0::float8 end)) ^ 2
  $$;
comment on function segnala_hex_d2(double precision, double precision, double precision, integer) is
  'Squared distance from (x, y) to the centre of the nearest cell of column i.';

create or replace function segnala_hex_pick(x double precision, y double precision, size double precision, a integer)
  returns integer[]
  language sql immutable parallel safe
  as $$
    select case when segnala_hex_d2(x, y, size, a) <= segnala_hex_d2(x, y, size, a + 1)
                then array[a, segnala_hex_j(y, size, a)]
                else array[a + 1, segnala_hex_j(y, size, a + 1)] end
  $$;
comment on function segnala_hex_pick(double precision, double precision, double precision, integer) is
  'Of columns a and a + 1, the cell {i, j} whose centre is nearest to (x, y); a tie (a point on an edge) goes to '
  'column a, so every point lands in exactly one cell and the cell counts add up to the number of points.';

create or replace function segnala_hex_cell(x double precision, y double precision, size double precision) returns integer[]
  language sql immutable parallel safe
  as $$ select segnala_hex_pick(x, y, size, floor(x / (1.5 * size))::integer) $$;
comment on function segnala_hex_cell(double precision, double precision, double precision) is
  'Cell {i, j} of ST_HexagonGrid(size, …) (the same indices as ST_Hexagon(size, i, j)) holding the point (x, y) of '
  'a metric SRID. Arithmetic instead of a spatial join: the heat map bins 10^6 points without building the grid.';

create or replace function segnala_is_recurrence(
  in_municipality_id integer, in_ticket_id bigint, in_category_id integer, in_location geography,
  in_created_at timestamptz, radius_m double precision, window_days integer
) returns boolean
  language sql stable parallel safe
  as $$
    select exists (
      select 1 from ticket prev
      where prev.municipality_id = in_municipality_id
        and prev.category_id = in_category_id
        and prev.id <> in_ticket_id
        and prev.status = 'resolved'
        and prev.resolved_at <= in_created_at
        and prev.resolved_at > in_created_at - make_interval(days => window_days)
        and st_dwithin(prev.location, in_location, radius_m)
    )
  $$;
comment on function segnala_is_recurrence(integer, bigint, integer, geography, timestamptz, double precision, integer) is
  'Recurrence: true when the ticket was reported within radius_m metres of a ticket of the same category that had '
  'been resolved in the window_days days before (the fix did not last, or the problem comes back). The earlier '
  'ticket counts by its current state: resolved now, with resolved_at inside the window. Uses the location GiST index.';
