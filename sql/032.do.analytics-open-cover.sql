-- 032 — duplicateClusters reads every open ticket of the filter (about 71,000 of the 1,000,000 bench tickets)
-- and fetched them from the heap in bitmap order: 420 ms of a 3.1 s run, under load. Open tickets are few and
-- the columns DBSCAN and the cluster summary need are narrow, so a partial covering index turns that into an
-- index-only scan (the same index serves the open-ticket map layers).
create index if not exists ticket_open_cluster_cover on ticket (municipality_id, category_id)
  include (id, code, status, created_at, supporters_count, location)
  where status in ('received', 'acknowledged', 'in_progress');
