-- Many comuni on one deployment. How a request finds its comune: /c/{istat}/ (istat_code), a readable
-- alias (/pietrasanta/, slug) or the comune's own host name (host); enabled = false closes its public
-- pages and keeps its data. And the territory of every comune a point may fall in, served or not
-- (the 273 ISTAT boundaries of Toscana, loaded from seeds/data/toscana), so that a pin over a border
-- is told which comune it is in. territory is shared by every comune (a reference table on Citus).
alter table municipality
  add column slug text unique check (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
  add column host text unique check (host = lower(host) and host ~ '^[a-z0-9.-]+(:[0-9]+)?$'),
  add column enabled boolean not null default true;

-- The readable alias of a comune's name, one rule for the data below and every new comune:
-- "Forte dei Marmi" -> forte-dei-marmi; "Città di Castello" -> citta-di-castello.
create function segnala_slug(name text) returns text
  language sql stable parallel safe
  as $$ select trim(both '-' from lower(regexp_replace(public.unaccent('public.unaccent'::regdictionary, name), '[^A-Za-z0-9]+', '-', 'g'))) $$;

-- A comune inserted without an alias gets the one of its name.
create function segnala_municipality_slug() returns trigger
  language plpgsql
  as $$ begin new.slug := coalesce(new.slug, segnala_slug(new.name)); return new; end $$;
create trigger municipality_slug before insert on municipality
  for each row execute function segnala_municipality_slug();

update municipality set slug = segnala_slug(name);
alter table municipality alter column slug set not null;

create table territory (
  istat_code     text primary key check (istat_code ~ '^[0-9]{6}$'),
  name           text not null,
  -- Belfiore (cadastral) code, the key of the ANNCSU street-name file: I622 for Seravezza.
  catasto_code   text not null unique check (catasto_code ~ '^[A-Z][0-9]{3}$'),
  province_code  text not null check (province_code ~ '^[A-Z]{2}$'),
  region_name    text not null,
  boundary       geometry(MultiPolygon, 4326) not null
);
create index territory_boundary_gist on territory using gist (boundary);
comment on table territory is
  'ISTAT boundaries of every comune a point may be asked about, served or not (seeds/data/toscana). Reference data, shared by all comuni.';
