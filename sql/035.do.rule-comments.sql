-- 035 — the catalog comments say what the functions do now.
--
-- 033 redefined segnala_hours_between to count completed hours (2 h 40 min is 2) and gave it a new comment; the
-- text of 030 above its first definition ("fractional") describes the old one, and the two functions built on it
-- still said "in hours". segnala_is_open names where its list lives and what keeps the two equal.

comment on function segnala_is_open(ticket_status) is
  'Open = still needs work: received, acknowledged (presa in carico) or in_progress (in lavorazione). '
  'Resolved, rejected and duplicate tickets are closed. The list is OPEN_STATUSES in server/domain/ticket-status.ts; '
  'test/integration/sql-rules.test.ts checks this function and the partial indexes on open tickets against it.';

comment on function segnala_resolve_hours(ticket_status, timestamptz, timestamptz) is
  'Time to resolve, in completed hours (segnala_hours_between): from the report (created_at) to resolved_at, for '
  'tickets whose current state is resolved; null for every other ticket (open, rejected and duplicate tickets are '
  'not "resolved").';

comment on function segnala_ack_hours(timestamptz, timestamptz) is
  'Time to acknowledge, in completed hours (segnala_hours_between): from the report to acknowledged_at (presa in '
  'carico), for every ticket that was acknowledged, whatever its state now; null when it never was.';
