-- 010 — citizen reporting: the secret that signs unsubscribe links, and abuse counters.

-- One random secret per municipality, made on first use. Unsubscribe links carry an HMAC of
-- (municipality, tracking code, e-mail) under it, so a link works across restarts and processes
-- and cannot be forged for someone else's address. gen_random_uuid() draws from the strong RNG.
create table mail_secret (
  municipality_id integer primary key references municipality (id),
  secret          text not null default (gen_random_uuid()::text || gen_random_uuid()::text),
  created_at      timestamptz not null default now()
);

-- Fixed one-hour windows of hits per action and client (address or e-mail). The bucket holds only a
-- SHA-256 of the address or lower-cased e-mail, so no personal data is kept here. A table (not memory)
-- survives restarts and is shared by every process serving the municipality.
create table rate_limit_counter (
  municipality_id integer not null references municipality (id),
  bucket          text not null,
  window_start    timestamptz not null,
  hits            integer not null default 0,
  primary key (municipality_id, bucket, window_start)
);
create index rate_limit_counter_window on rate_limit_counter (window_start);
