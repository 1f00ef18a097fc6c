-- 058 — webhook payloads carry the public text (issue 17, part 2, with sql/054's moderation).
--
-- sql/052's trigger put t.title in the payload, masked only by the regex at claim time
-- (server/db/webhook.queries.ts). A title an operator moderated (a name the regex cannot know) then
-- still left the comune in the original. The trigger now takes what the public reads,
-- coalesce(t.public_title, t.title) (null public_title: a row written before sql/054 and not backfilled
-- yet); the claim-time masking stays as the second guard. The payload carries no description, so only
-- the title changes. Nothing else differs from sql/052's function; the trigger itself is unchanged.

create or replace function segnala_webhook_ticket_event() returns trigger language plpgsql as $$
declare
  ticket_json jsonb;
  istat text;
  types text[] := '{}';
  ev_type text;
  change_json jsonb;
begin
  -- Cheap exit for the comuni without webhooks (most of them, most of the time).
  if not exists (select 1 from webhook_subscription s where s.municipality_id = new.municipality_id) then
    return null;
  end if;
  if new.kind = 'received' then
    types := array['ticket.created'];
  else
    if new.public and new.to_status is not null and new.to_status is distinct from new.from_status then
      types := types || 'ticket.status_changed'::text;
    end if;
    if new.public and new.note is not null then
      types := types || 'ticket.public_note'::text;
    end if;
    if new.kind in ('assigned', 'reassigned') then
      types := types || 'ticket.assigned'::text;
    end if;
  end if;
  if cardinality(types) = 0 then
    return null;
  end if;
  select m.istat_code,
    jsonb_build_object(
      'code', t.code,
      'status', t.status,
      'category', jsonb_build_object('code', c.code, 'nameIt', c.name_it, 'nameEn', c.name_en),
      'office', o.name,
      'title', coalesce(t.public_title, t.title),
      'address', t.address,
      'location', jsonb_build_object('lon', st_x(t.location::geometry), 'lat', st_y(t.location::geometry)),
      'priority', t.priority,
      'createdAt', to_char(t.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
      'dueAt', to_char(t.due_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
      'version', t.version)
  into istat, ticket_json
  from ticket t
  join municipality m on m.id = t.municipality_id
  join category c on c.municipality_id = t.municipality_id and c.id = t.category_id
  join office o on o.municipality_id = t.municipality_id and o.id = t.office_id
  where t.municipality_id = new.municipality_id and t.id = new.ticket_id;
  foreach ev_type in array types loop
    change_json := case ev_type
      when 'ticket.status_changed' then jsonb_build_object(
        'from', new.from_status, 'to', new.to_status, 'action', new.kind, 'note', new.note)
      when 'ticket.public_note' then jsonb_build_object('note', new.note)
      when 'ticket.assigned' then case new.kind
        when 'reassigned' then jsonb_build_object(
          'office', new.after ->> 'officeName', 'previousOffice', new.before ->> 'officeName')
        else jsonb_build_object('office', ticket_json ->> 'office', 'operatorAssigned', new.after ->> 'assigneeId' is not null)
        end
      else '{}'::jsonb
    end;
    perform segnala_webhook_enqueue(
      new.municipality_id,
      -- Stable: the same for every subscription, attempt and redelivery of this event.
      istat || '.' || new.id || '.' || ev_type,
      ev_type,
      new.ticket_id,
      jsonb_build_object(
        'id', istat || '.' || new.id || '.' || ev_type,
        'type', ev_type,
        'createdAt', to_char(new.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
        'comune', jsonb_build_object('istatCode', istat),
        'ticket', ticket_json,
        'change', change_json));
  end loop;
  return null;
end
$$;
comment on function segnala_webhook_ticket_event() is
  'ticket_event → webhook deliveries (ticket.created, ticket.status_changed, ticket.public_note, ticket.assigned), in the same transaction; the title is the public one, as moderated (sql/058).';
