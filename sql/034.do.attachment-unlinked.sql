-- Photos uploaded but not (yet) used by a report, oldest first: the periodic cleanup
-- (server/db/attachment-cleaner.ts) finds the expired ones here instead of scanning every photo.
-- Linked photos, the vast majority, are not in it.
create index attachment_unlinked on attachment (municipality_id, created_at) where ticket_id is null;
