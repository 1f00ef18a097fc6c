-- 042 — two facts the office's daily work needs on every ticket (issue 12), added once here so the inbox, the
-- ticket page, staff-taken reports and the KPIs all read the same columns.
--
-- assignee_id: the member of staff (an operator of the ticket's office) the ticket is assigned to; null when it
-- is the office's as a whole. Reassigning the office clears it (the service does this in the same statement).
-- channel: how the report reached the comune. 'web' is the citizen form; the others are reports a member of
-- staff filed on a citizen's behalf (phone, desk/URP, e-mail, PEC, in person); 'api' is an integrator.
alter table ticket
  add column assignee_id integer,
  add column channel text not null default 'web'
    check (channel in ('web', 'phone', 'desk', 'email', 'pec', 'in_person', 'api')),
  add foreign key (municipality_id, assignee_id) references staff_user (municipality_id, id);

create index ticket_assignee on ticket (municipality_id, assignee_id, created_at desc, id desc)
  where assignee_id is not null;

comment on column ticket.assignee_id is
  'The operator the ticket is assigned to (null: the office as a whole); cleared when the office changes.';
comment on column ticket.channel is
  'How the report arrived: web (citizen form), phone, desk (URP), email, pec, in_person (taken by staff), api.';
