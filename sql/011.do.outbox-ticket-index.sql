-- 011 — notification_outbox by ticket. The foreign key to ticket had no index on this side, so every
-- ticket delete (and every "mails of this ticket" lookup) scanned the whole outbox.
create index notification_outbox_ticket on notification_outbox (municipality_id, ticket_id) where ticket_id is not null;
