-- 045 — the inbox as a work list (issue 12): the text search also finds the address, and the default
-- inbox orders of an office's open backlog read an index instead of sorting the comune's tickets.
--
-- The search expression gains the address (coalesce: a null address must not null the whole text); the
-- trigram index is rebuilt on the new expression, which server/db/ticket-filter.sql.ts repeats verbatim.
drop index if exists ticket_text_trgm;
create index ticket_text_trgm on ticket
  using gin (segnala_fold(title || ' ' || description || ' ' || coalesce(address, '')) gin_trgm_ops);

-- The inbox filters "assigned to me" and "channel" within an office's open tickets.
create index ticket_channel on ticket (municipality_id, channel, created_at desc)
  where channel <> 'web';
