-- 065 — the house number of a report (issue 14, part 2): the citizen reads the nearest street
-- (addressAt) and may add the civic number in front of which the problem is. Kept apart from the free
-- `address` text so that staff, exports and the public page can write "Via Roma 12" without parsing.
-- The rule of its shape lives in server/domain/report.ts (HOUSE_NUMBER); the check only bounds it.
alter table ticket add column house_number text
  check (house_number is null or char_length(house_number) between 1 and 12);
