-- municipalityAt over small pieces of the boundaries instead of whole ones. A Tuscan comune's ISTAT
-- boundary has up to several thousand vertices, and "which comune holds this point" tested the point
-- against every whole boundary whose box holds it: ~1 ms at the median, 7-9 ms at the 95th percentile
-- over the 273 comuni (the bench's municipalityAt, issue 16 asks < 5 ms). ST_Subdivide cuts each
-- boundary into parts of at most 128 vertices whose boxes are tight, so a point meets one or two small
-- parts. The parts follow their boundary: the trigger below rewrites them whenever a boundary is written.
create table territory_part (
  istat_code text not null references territory (istat_code) on delete cascade,
  part       geometry(Polygon, 4326) not null
);
create index territory_part_gist on territory_part using gist (part);
create index territory_part_istat on territory_part (istat_code);
comment on table territory_part is
  'Each territory boundary cut into parts of at most 128 vertices (ST_Subdivide), for point lookups. Kept by the territory_parts trigger.';

create function segnala_territory_parts() returns trigger
  language plpgsql as $$
begin
  delete from territory_part where istat_code = new.istat_code;
  insert into territory_part (istat_code, part)
  select new.istat_code, st_subdivide(new.boundary, 128);
  return null;
end $$;

create trigger territory_parts after insert or update of boundary on territory
  for each row execute function segnala_territory_parts();

insert into territory_part (istat_code, part)
select istat_code, st_subdivide(boundary, 128) from territory;
