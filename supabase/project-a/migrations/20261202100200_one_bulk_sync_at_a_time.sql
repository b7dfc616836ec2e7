-- One bulk sync at a time, and runs whose process died are closed as interrupted.
--
-- The slot is a unique partial index over running bulk runs, not an advisory lock: a run makes
-- many HTTP requests through PostgREST, each its own transaction on whichever pooled connection
-- serves it, so no lock taken in one request can be held until the run's last one. A row, by
-- contrast, outlives requests and processes, and every way in (page, API, cron, CLI) inserts the
-- same row through start_bulk_sync_run. A process that dies leaves its row running; its heartbeat
-- (moved every few seconds while the run lives) then stops, and the next start closes it as
-- interrupted and takes its place in the same transaction.
-- Written for Postgres 15 and later.

-- A new enum value cannot be used in the transaction that adds it: only plpgsql bodies, which are
-- read when called, name it below.
alter type public.sync_run_status add value if not exists 'interrupted';

-- Runs killed before this migration stay "running" for ever; all but the latest are closed now,
-- as the app used to close them, so the index below can be built.
update public.sync_runs r
set status = 'failed', finished_at = r.heartbeat_at, message = 'Interrupted: the run stopped before it finished.'
where r.status = 'running'
  and r.id is distinct from (
    select latest.id from public.sync_runs latest
    where latest.status = 'running' and latest.scope = 'all'
    order by latest.heartbeat_at desc
    limit 1
  );

create unique index sync_runs_one_running_bulk on public.sync_runs (scope) where status = 'running' and scope = 'all';
comment on index public.sync_runs_one_running_bulk is
  'The bulk-sync slot: at most one running bulk run. start_bulk_sync_run inserts into it.';

-- A finished run is history: its status and counters never move again. This is also what stops a
-- run that lost its slot (closed as interrupted while it still ran): its next batch raises here and
-- rolls back, so it writes nothing more, and it learns that it is over.
create function public.keep_finished_sync_runs() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if old.status <> 'running' then
    raise exception 'sync run % is % and can no longer change', old.id, old.status
      using errcode = '55000', hint = 'sync_run_not_running';
  end if;
  return new;
end;
$$;
create trigger sync_runs_finished_are_final before update on public.sync_runs
  for each row execute function public.keep_finished_sync_runs();

-- Closes every running run whose heartbeat is older than stale_after, with its last sign of life
-- as its end. Returns how many it closed.
create function public.interrupt_stale_sync_runs(stale_after interval) returns integer
language plpgsql
set search_path = ''
as $$
declare
  closed integer;
begin
  if stale_after is null or stale_after <= interval '0' then
    raise exception 'stale_after must be a positive interval' using errcode = '22023';
  end if;
  update public.sync_runs r
  set status = 'interrupted',
      finished_at = r.heartbeat_at,
      elapsed_ms = (extract(epoch from r.heartbeat_at - r.started_at) * 1000)::integer,
      message = 'Interrupted: the process running it stopped before it finished.'
  where r.status = 'running' and r.heartbeat_at < now() - stale_after;
  get diagnostics closed = row_count;
  return closed;
end;
$$;

-- Takes the bulk-sync slot, or names the run that holds it. Under read committed, two callers
-- racing over a stale run both try to close it; the second waits for the first's row lock, finds
-- the row closed and skips it, then meets the first's new row in the unique index and gets its id.
create function public.start_bulk_sync_run(
  source public.sync_source,
  stale_after interval,
  actor uuid default null,
  actor_label text default null
) returns table (claimed boolean, run_id uuid)
language plpgsql
set search_path = ''
as $$
declare
  new_id uuid;
  holder uuid;
begin
  perform public.interrupt_stale_sync_runs(stale_after);
  -- The holder can finish between the insert and the look-up: then the slot is free, try again.
  for attempt in 1..5 loop
    insert into public.sync_runs (scope, source, actor_id, actor_label)
    values ('all', start_bulk_sync_run.source, start_bulk_sync_run.actor, start_bulk_sync_run.actor_label)
    on conflict do nothing
    returning id into new_id;
    if new_id is not null then
      return query select true, new_id;
      return;
    end if;
    select r.id into holder from public.sync_runs r where r.scope = 'all' and r.status = 'running';
    if holder is not null then
      return query select false, holder;
      return;
    end if;
  end loop;
  raise exception 'the bulk-sync slot kept changing hands; try again' using errcode = '40001';
end;
$$;

-- The run's sign of life, in the database's clock (the one staleness is judged by). False once the
-- run is no longer running: it was closed as interrupted and must stop.
create function public.beat_sync_run(run uuid) returns boolean
language plpgsql
set search_path = ''
as $$
begin
  update public.sync_runs r set heartbeat_at = now() where r.id = run and r.status = 'running';
  return found;
end;
$$;

revoke all on function public.keep_finished_sync_runs() from public, anon, authenticated, service_role;
revoke all on function public.interrupt_stale_sync_runs(interval) from public, anon, authenticated;
revoke all on function public.start_bulk_sync_run(public.sync_source, interval, uuid, text) from public, anon, authenticated;
revoke all on function public.beat_sync_run(uuid) from public, anon, authenticated;
grant execute on function public.interrupt_stale_sync_runs(interval) to service_role;
grant execute on function public.start_bulk_sync_run(public.sync_source, interval, uuid, text) to service_role;
grant execute on function public.beat_sync_run(uuid) to service_role;
