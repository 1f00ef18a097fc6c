-- 056 — the privacy notice (informativa, GDPR art. 13) of each comune, kept by its admins with versions
-- (issue 15, part 7). The current notice is the highest version; a report and a join store the version
-- the citizen accepted (null: the app's default text, for a comune that never published one).
create table privacy_notice (
  municipality_id   integer not null references municipality (id),
  version           integer not null check (version > 0),
  text_it           text not null check (length(text_it) between 1 and 20000),
  text_en           text not null check (length(text_en) between 1 and 20000),
  created_at        timestamptz not null default now(),
  -- The admin who published it; null for the notice carried over from the comune's settings.
  created_by        integer,
  primary key (municipality_id, version)
);

-- A notice set before versions (municipality.settings.privacyNotice) becomes version 1.
insert into privacy_notice (municipality_id, version, text_it, text_en)
select id, 1, settings -> 'privacyNotice' ->> 'it', settings -> 'privacyNotice' ->> 'en'
from municipality
where jsonb_typeof(settings -> 'privacyNotice') = 'object'
  and length(coalesce(settings -> 'privacyNotice' ->> 'it', '')) between 1 and 20000
  and length(coalesce(settings -> 'privacyNotice' ->> 'en', '')) between 1 and 20000;

alter table reporter add column privacy_notice_version integer;
alter table ticket_supporter add column privacy_notice_version integer;
