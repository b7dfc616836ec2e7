-- No double booking, decided by the database for every writer (the booking
-- form, a retry, the service role, a script): a therapist cannot hold two
-- sessions at once, and neither can a client, even with two therapists.
--
-- What blocks a slot: scheduled sessions, and completed ones, since a session
-- that took place really occupied that hour (a past session recorded later
-- must not overlap one the therapist already held). Cancelled sessions and
-- no-shows leave the slot free.
--
-- A session occupies [starts_at, starts_at + duration): half-open, so a
-- session may start the minute the one before it ends. The range is built in
-- UTC wall-clock time (tsrange) because every step of that expression is
-- immutable, as an index expression must be; adding a duration to a
-- timestamptz is only stable. In UTC the two mean the same instants.
--
-- btree_gist lets the gist index compare the uuids with = next to the range's &&.
-- Hosted Supabase keeps extensions in the extensions schema; so does the local stack.

create extension if not exists btree_gist with schema extensions;

-- Rows from before this rule may already overlap. They are clinical records,
-- so nothing here cancels or moves any of them: the migration stops and lists
-- each clash, and a practice admin decides (cancel one, or mark it a no-show)
-- before applying it again.
do $$
declare
  clashes text;
begin
  select string_agg(
           format('%s session %s (%s, %s min) overlaps session %s (%s, %s min)',
                  clash.kind, clash.first_id, clash.first_start, clash.first_minutes,
                  clash.second_id, clash.second_start, clash.second_minutes),
           E'\n' order by clash.first_start)
    into clashes
  from (
    select kind, a.id as first_id, a.starts_at as first_start, a.duration_minutes as first_minutes,
           b.id as second_id, b.starts_at as second_start, b.duration_minutes as second_minutes
    from public.sessions a
    join public.sessions b
      on a.id < b.id
     and a.starts_at < b.starts_at + make_interval(mins => b.duration_minutes)
     and b.starts_at < a.starts_at + make_interval(mins => a.duration_minutes)
    cross join lateral (
      select 'therapist' as kind where a.therapist_id = b.therapist_id
      union all
      select 'client' where a.client_id = b.client_id and a.therapist_id <> b.therapist_id
    ) as kinds
    where a.status in ('scheduled', 'completed') and b.status in ('scheduled', 'completed')
  ) as clash;

  if clashes is not null then
    raise exception 'sessions overlap, so the no-double-booking rule cannot be added yet'
      using errcode = 'exclusion_violation',
            detail = clashes,
            hint = 'Cancel one session of each pair, or mark it a no-show, then apply this migration again.';
  end if;
end;
$$;

alter table public.sessions
  add constraint sessions_therapist_no_overlap exclude using gist (
    therapist_id with =,
    tsrange(starts_at at time zone 'UTC',
            (starts_at at time zone 'UTC') + make_interval(mins => duration_minutes),
            '[)') with &&
  ) where (status in ('scheduled', 'completed'));

alter table public.sessions
  add constraint sessions_client_no_overlap exclude using gist (
    client_id with =,
    tsrange(starts_at at time zone 'UTC',
            (starts_at at time zone 'UTC') + make_interval(mins => duration_minutes),
            '[)') with &&
  ) where (status in ('scheduled', 'completed'));

comment on constraint sessions_therapist_no_overlap on public.sessions is
  'A therapist holds one scheduled or completed session at a time; back-to-back is allowed.';
comment on constraint sessions_client_no_overlap on public.sessions is
  'A client is in one scheduled or completed session at a time, whoever the therapist.';
