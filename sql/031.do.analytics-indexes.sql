-- 031 — indexes the planner analytics need, found with EXPLAIN ANALYZE on the 1,000,000-ticket bench database.
--
-- streetStats ordered by open tickets ranked every street by scanning the whole ticket_street_status index and
-- throwing away the 93 % closed tickets (826 ms). The open tickets of a street, with their due time for the
-- overdue count, are a small partial index: ranking and the open/overdue counts read only that.
create index if not exists ticket_open_street_due on ticket (municipality_id, street_id, due_at)
  where status in ('received', 'acknowledged', 'in_progress');

-- kpis, heatmap and ticketPoints read every matching ticket. Through ticket_category they fetched 344,000 heap
-- pages in random order (7.5 s of a 20 s kpis run); a seq scan reads the whole 320 MB table with titles and
-- descriptions. This covering index holds only the columns those queries use, in category order, so they run
-- as index-only scans over about a third of the bytes (the table is vacuumed often enough for that: it is
-- append-mostly, and a ticket changes state a handful of times).
create index if not exists ticket_analytics_cover on ticket (municipality_id, category_id)
  include (office_id, street_id, status, created_at, acknowledged_at, resolved_at, due_at, reopen_count, supporters_count, location);
