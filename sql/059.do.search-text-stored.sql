-- 059 — the text searches read a folded copy stored with the ticket instead of folding every candidate.
--
-- The office's search ("buca" among an office's 52,000 open tickets at 1,000,000) found its candidates
-- through the trigram index in 40 ms and then spent about 100 ms re-folding (unaccent, lower) the title,
-- description and address of each of the 26,000 candidates to recheck the match: 199 ms in all, over the
-- 200 ms the inbox may take (docs/scale.md). Stored once at write time, the recheck is a plain LIKE.
-- The two expressions are the indexes' of 045 and 054, now columns; server/db/ticket-filter.sql.ts reads
-- them by name. The office searches the original (search_text), everyone else the masked public copy
-- (public_search_text), so a phone number the office sees still finds nothing in public.
alter table ticket
  add column search_text text generated always as (
    segnala_fold(title || ' ' || description || ' ' || coalesce(address, ''))) stored,
  add column public_search_text text generated always as (
    segnala_fold(coalesce(public_title, '') || ' ' || coalesce(public_description, '') || ' ' || coalesce(address, ''))) stored;

drop index if exists ticket_text_trgm;
drop index if exists ticket_public_text_trgm;
create index ticket_text_trgm on ticket using gin (search_text gin_trgm_ops);
create index ticket_public_text_trgm on ticket using gin (public_search_text gin_trgm_ops);
-- The inbox searches an office's open tickets: among 1,000,000 the whole-table index gave 208,000
-- candidates for "buca", so many that the bitmap went lossy and the recheck read every row of 7,400
-- pages (240 ms); the open tickets' own index gives their 26,000 (110 ms).
create index ticket_open_text_trgm on ticket using gin (search_text gin_trgm_ops)
  where status in ('received', 'acknowledged', 'in_progress');

-- The columns rewrote the table: fresh statistics now. Its visibility map is empty until the next
-- VACUUM, and the inbox's index-only scans read the heap until then (docs/operations.md, upgrading).
analyze ticket;
