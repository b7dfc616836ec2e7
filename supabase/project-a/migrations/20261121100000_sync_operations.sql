-- Sync operations: bulk and single-person sync from Project B, e-mail
-- conflicts between practice clients and Project B people, recorded sync
-- runs, and an append-only audit trail of every change a sync makes.
-- Written for Postgres 15 and later.

-- Where a change came from: a booking, the /sync page (bulk runs and conflict
-- resolutions), the sync API (and its nightly cron), or the command line.
create type public.sync_source as enum ('booking', 'bulk', 'api', 'cli', 'dashboard');
create type public.client_audit_action as enum ('copy', 'refresh', 'link', 'conflict_found', 'conflict_resolved');
create type public.email_conflict_status as enum ('open', 'same_person', 'different_people');
create type public.sync_run_status as enum ('running', 'succeeded', 'completed_with_errors', 'failed');

-- "Same person": a native client resolved as the same person as a synced
-- client points at that synced client. The dashboards list the synced row and
-- leave out native rows that carry this marker.
alter table public.clients
  add column linked_client_id uuid references public.clients (id) on delete set null,
  add constraint clients_linked_only_from_native
    check (linked_client_id is null or (origin = 'native' and linked_client_id <> id));
comment on column public.clients.linked_client_id is
  'Set on a native client resolved as the same person as this synced client; lists show only the synced one.';
create index clients_linked_client_id_idx on public.clients (linked_client_id) where linked_client_id is not null;
-- Orphan scans walk the synced ids in order.
create index clients_project_b_id_idx on public.clients (id) where origin = 'project_b';
-- Conflict checks look up practice clients by e-mail for every synced person.
create index clients_native_email_lower_idx on public.clients (lower(email)) where origin = 'native';

-- E-mail conflicts ---------------------------------------------------------------

create table public.client_email_conflicts (
  id uuid primary key default gen_random_uuid(),
  native_client_id uuid not null references public.clients (id) on delete cascade,
  synced_client_id uuid not null references public.clients (id) on delete cascade,
  -- The shared address as it was when the conflict was found, lower-cased.
  email text not null,
  status public.email_conflict_status not null default 'open',
  detected_at timestamptz not null default now(),
  detected_via public.sync_source not null,
  resolved_at timestamptz,
  resolved_by uuid references auth.users (id) on delete set null,
  constraint client_email_conflicts_pair_key unique (native_client_id, synced_client_id),
  constraint client_email_conflicts_distinct check (native_client_id <> synced_client_id),
  constraint client_email_conflicts_resolved_when check ((status = 'open') = (resolved_at is null))
);
create index client_email_conflicts_synced_idx on public.client_email_conflicts (synced_client_id);
create index client_email_conflicts_open_idx on public.client_email_conflicts (detected_at desc) where status = 'open';

-- Sync runs ----------------------------------------------------------------------

create table public.sync_runs (
  id uuid primary key default gen_random_uuid(),
  scope text not null check (scope in ('all', 'client')),
  source public.sync_source not null,
  actor_id uuid references auth.users (id) on delete set null,
  actor_label text check (char_length(actor_label) <= 200),
  status public.sync_run_status not null default 'running',
  started_at timestamptz not null default now(),
  -- Moved on by every batch; a running row whose heartbeat stopped was interrupted.
  heartbeat_at timestamptz not null default now(),
  finished_at timestamptz,
  -- Project B people the run is going through, once it has listed them.
  total integer,
  scanned integer not null default 0,
  created integer not null default 0,
  updated integer not null default 0,
  unchanged integer not null default 0,
  conflicts integer not null default 0,
  errors integer not null default 0,
  orphans integer,
  elapsed_ms integer,
  message text check (char_length(message) <= 2000),
  error_samples jsonb not null default '[]'::jsonb
);
create index sync_runs_started_at_idx on public.sync_runs (started_at desc);

-- Audit trail (append-only) --------------------------------------------------------

create table public.client_audit_events (
  id bigint generated always as identity primary key,
  occurred_at timestamptz not null default now(),
  -- No foreign keys: the trail must outlive the rows it talks about, and a
  -- cascading update or delete would be refused by the append-only trigger.
  client_id uuid not null,
  action public.client_audit_action not null,
  outcome text not null check (char_length(outcome) <= 100),
  source public.sync_source not null,
  -- Who: the therapist for bookings, the dashboard and resolutions; null when a machine acted (API, CLI).
  actor_id uuid,
  actor_label text check (char_length(actor_label) <= 200),
  run_id uuid,
  detail jsonb not null default '{}'::jsonb
);
create index client_audit_events_client_idx on public.client_audit_events (client_id, occurred_at desc, id desc);
create index client_audit_events_run_idx on public.client_audit_events (run_id) where run_id is not null;

create function public.refuse_audit_change() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  raise exception 'client_audit_events is append-only: % is not allowed', tg_op
    using errcode = '42501';
end;
$$;
create trigger client_audit_events_append_only before update or delete on public.client_audit_events
  for each row execute function public.refuse_audit_change();
create trigger client_audit_events_no_truncate before truncate on public.client_audit_events
  for each statement execute function public.refuse_audit_change();

-- Privileges and row level security --------------------------------------------------

alter table public.client_email_conflicts enable row level security;
alter table public.sync_runs enable row level security;
alter table public.client_audit_events enable row level security;

revoke all on public.client_email_conflicts, public.sync_runs, public.client_audit_events from anon;
revoke insert, update, delete, truncate on public.client_email_conflicts, public.sync_runs, public.client_audit_events
  from authenticated;
-- Nobody rewrites history, not even the server's service role.
revoke update, delete, truncate on public.client_audit_events from anon, authenticated, service_role;
grant select, insert on public.client_audit_events to service_role;

create policy "admins see every sync run"
  on public.sync_runs for select to authenticated
  using ((auth.jwt() -> 'app_metadata' ->> 'role') = 'admin');

create policy "admins and care teams see e-mail conflicts"
  on public.client_email_conflicts for select to authenticated
  using (
    (auth.jwt() -> 'app_metadata' ->> 'role') = 'admin'
    or native_client_id in (select client_id from public.care_team where therapist_id = (select auth.uid()))
    or synced_client_id in (select client_id from public.care_team where therapist_id = (select auth.uid()))
  );

create policy "admins and care teams see a client's audit trail"
  on public.client_audit_events for select to authenticated
  using (
    (auth.jwt() -> 'app_metadata' ->> 'role') = 'admin'
    or client_id in (select client_id from public.care_team where therapist_id = (select auth.uid()))
  );

-- Sync: one batch of Project B people per call -------------------------------------------
--
-- `batch` is a JSON array of {id, full_name, email, notes, source_updated_at},
-- already mapped from B by lib/sync/source-person.ts. In one transaction:
--   * people missing from A are copied with their B UUID (notes only on the copy:
--     phone, date of birth, notes and status belong to the practice from then on);
--   * synced people whose B data is newer, or whose name or e-mail differ, get
--     name and e-mail refreshed, and nothing else;
--   * a practice (native) client with the same e-mail, case-insensitively, but
--     another id is recorded as a conflict, never merged;
--   * optionally the booking therapist joins the care team;
--   * every change gets an audit row, and the run row its counters.
-- With range_after/range_through (the id range the batch covers, exclusive /
-- inclusive, null = open end) it also counts synced rows in that range that B no
-- longer has. Idempotent: a second call with the same batch changes nothing.

create function public.sync_clients_from_source(
  batch jsonb,
  source public.sync_source,
  actor uuid default null,
  actor_label text default null,
  run_id uuid default null,
  link_therapist uuid default null,
  range_after uuid default null,
  range_through uuid default null,
  count_orphans boolean default false,
  dry_run boolean default false
) returns jsonb
language plpgsql
set search_path = ''
-- Every statement here looks up one batch (<= a few thousand ids, also passed
-- as `= any (batch_ids)` so there is an index condition) in a large table. Right
-- after a first bulk run the statistics still say `clients` is empty and the
-- planner would scan all of it once per batch; this keeps the plans on the
-- indexes whether or not autovacuum has analyzed the table yet.
set enable_seqscan = off
as $$
declare
  v_scanned integer := jsonb_array_length(batch);
  v_ids uuid[] := array(select (e ->> 'id')::uuid from jsonb_array_elements(batch) e);
  created_ids uuid[] := '{}';
  updated_count integer := 0;
  conflict_count integer := 0;
  collision_count integer := 0;
  linked_count integer := 0;
  orphan_count integer;
begin
  if dry_run then
    with incoming as (
      select * from jsonb_to_recordset(batch) as i(id uuid, full_name text, email text, notes text, source_updated_at timestamptz)
    ),
    verdicts as (
      select i.id,
        case
          when c.id is null then 'create'
          when c.origin <> 'project_b' then 'collision'
          when c.source_updated_at is null
            or i.source_updated_at > c.source_updated_at
            or (i.source_updated_at = c.source_updated_at
                and (c.full_name is distinct from i.full_name or c.email is distinct from i.email)) then 'update'
          else 'unchanged'
        end as verdict
      from incoming i left join public.clients c on c.id = i.id and c.id = any (v_ids)
    )
    select coalesce(array_agg(id) filter (where verdict = 'create'), '{}'),
           count(*) filter (where verdict = 'update'),
           count(*) filter (where verdict = 'collision')
      into created_ids, updated_count, collision_count
      from verdicts;

    select count(*) into conflict_count
      from jsonb_to_recordset(batch) as i(id uuid, email text)
      join public.clients n on lower(n.email) = lower(i.email) and n.origin = 'native' and n.id <> i.id
      where i.email is not null
        and i.id not in (select c.id from public.clients c where c.id = any (v_ids) and c.origin = 'native')
        and not exists (
          select 1 from public.client_email_conflicts x where x.native_client_id = n.id and x.synced_client_id = i.id
        );
  else
    -- Copies. ON CONFLICT DO NOTHING makes a parallel booking or run harmless.
    with incoming as (
      select * from jsonb_to_recordset(batch) as i(id uuid, full_name text, email text, notes text, source_updated_at timestamptz)
    ),
    copied as (
      insert into public.clients (id, full_name, email, notes, origin, synced_at, source_updated_at)
      select i.id, i.full_name, i.email, i.notes, 'project_b', now(), i.source_updated_at from incoming i
      on conflict (id) do nothing
      returning id
    ),
    audited as (
      insert into public.client_audit_events (client_id, action, outcome, source, actor_id, actor_label, run_id)
      select id, 'copy', 'created', sync_clients_from_source.source, actor, sync_clients_from_source.actor_label,
             sync_clients_from_source.run_id
      from copied
    )
    select coalesce(array_agg(id), '{}') into created_ids from copied;

    -- Refreshes: only B-owned fields (name, e-mail) and the provenance stamps.
    -- The rows are locked first, so the audit's "from" values are the ones replaced.
    with incoming as (
      select * from jsonb_to_recordset(batch) as i(id uuid, full_name text, email text, notes text, source_updated_at timestamptz)
    ),
    stale as (
      select c.id, c.full_name as old_name, c.email as old_email, c.source_updated_at as old_stamp
      from public.clients c join incoming i on i.id = c.id
      where c.id = any (v_ids)
        and c.origin = 'project_b'
        and c.id not in (select unnest(created_ids))
        and (c.source_updated_at is null
             or i.source_updated_at > c.source_updated_at
             or (i.source_updated_at = c.source_updated_at
                 and (c.full_name is distinct from i.full_name or c.email is distinct from i.email)))
      for update of c
    ),
    refreshed as (
      update public.clients c
      set full_name = i.full_name, email = i.email, source_updated_at = i.source_updated_at, synced_at = now()
      from incoming i join stale s on s.id = i.id
      where c.id = i.id
      returning c.id, s.old_name, s.old_email, s.old_stamp, i.full_name, i.email, i.source_updated_at
    ),
    audited as (
      insert into public.client_audit_events (client_id, action, outcome, source, actor_id, actor_label, run_id, detail)
      select r.id, 'refresh', 'updated', sync_clients_from_source.source, actor, sync_clients_from_source.actor_label,
             sync_clients_from_source.run_id,
             jsonb_strip_nulls(jsonb_build_object(
               'full_name', case when r.old_name is distinct from r.full_name
                                 then jsonb_build_object('from', r.old_name, 'to', r.full_name) end,
               'email', case when r.old_email is distinct from r.email
                             then jsonb_build_object('from', r.old_email, 'to', r.email) end,
               'source_updated_at', jsonb_build_object('from', r.old_stamp, 'to', r.source_updated_at)
             ))
      from refreshed r
    )
    select count(*) into updated_count from refreshed;

    -- A practice client that happens to hold a B person's UUID is never overwritten.
    select count(*) into collision_count
      from public.clients c where c.id = any (v_ids) and c.origin <> 'project_b';

    -- E-mail conflicts: recorded once per pair; a resolved pair stays resolved.
    with incoming as (
      select * from jsonb_to_recordset(batch) as i(id uuid, email text)
    ),
    new_conflicts as (
      insert into public.client_email_conflicts (native_client_id, synced_client_id, email, detected_via)
      select n.id, i.id, lower(i.email), sync_clients_from_source.source
      from incoming i
      join public.clients s on s.id = i.id and s.id = any (v_ids) and s.origin = 'project_b'
      join public.clients n on lower(n.email) = lower(i.email) and n.origin = 'native' and n.id <> i.id
      where i.email is not null
      on conflict (native_client_id, synced_client_id) do nothing
      returning id, native_client_id, synced_client_id, email
    ),
    audited as (
      insert into public.client_audit_events (client_id, action, outcome, source, actor_id, actor_label, run_id, detail)
      select side.client_id, 'conflict_found', 'open', sync_clients_from_source.source, actor,
             sync_clients_from_source.actor_label, sync_clients_from_source.run_id,
             jsonb_build_object('conflict_id', f.id, 'email', f.email, 'other_client_id', side.other_id)
      from new_conflicts f
      cross join lateral (values (f.native_client_id, f.synced_client_id), (f.synced_client_id, f.native_client_id))
        as side(client_id, other_id)
    )
    select count(*) into conflict_count from new_conflicts;

    -- The booking path: the therapist joins the synced client's care team.
    if link_therapist is not null then
      with incoming as (
        select * from jsonb_to_recordset(batch) as i(id uuid)
      ),
      linked as (
        insert into public.care_team (therapist_id, client_id)
        select link_therapist, c.id
        from incoming i join public.clients c on c.id = i.id and c.id = any (v_ids) and c.origin = 'project_b'
        on conflict (therapist_id, client_id) do nothing
        returning client_id
      ),
      audited as (
        insert into public.client_audit_events (client_id, action, outcome, source, actor_id, actor_label, run_id, detail)
        select client_id, 'link', 'care_team_joined', sync_clients_from_source.source, actor,
               sync_clients_from_source.actor_label, sync_clients_from_source.run_id,
               jsonb_build_object('therapist_id', link_therapist)
        from linked
      )
      select count(*) into linked_count from linked;
    end if;
  end if;

  if count_orphans then
    select count(*) into orphan_count
      from public.clients c
      where c.origin = 'project_b'
        and (range_after is null or c.id > range_after)
        and (range_through is null or c.id <= range_through)
        and c.id not in (select unnest(v_ids));
  end if;

  if run_id is not null and not dry_run then
    update public.sync_runs r
    set scanned = r.scanned + v_scanned,
        created = r.created + cardinality(created_ids),
        updated = r.updated + updated_count,
        unchanged = r.unchanged + (v_scanned - cardinality(created_ids) - updated_count - collision_count),
        conflicts = r.conflicts + conflict_count,
        errors = r.errors + collision_count,
        orphans = case when count_orphans then coalesce(r.orphans, 0) + orphan_count else r.orphans end,
        heartbeat_at = now()
    where r.id = sync_clients_from_source.run_id;
  end if;

  return jsonb_build_object(
    'scanned', v_scanned,
    'created', cardinality(created_ids),
    'updated', updated_count,
    'unchanged', v_scanned - cardinality(created_ids) - updated_count - collision_count,
    'conflicts', conflict_count,
    'collisions', collision_count,
    'linked', linked_count,
    'orphans', orphan_count
  );
end;
$$;

-- A booking by a second therapist: the client is already synced, the therapist joins its care team.
create function public.link_synced_client(
  client uuid,
  therapist uuid,
  source public.sync_source default 'booking'
) returns boolean
language plpgsql
set search_path = ''
as $$
declare
  joined boolean;
begin
  with linked as (
    insert into public.care_team (therapist_id, client_id)
    select therapist, c.id from public.clients c where c.id = client and c.origin = 'project_b'
    on conflict (therapist_id, client_id) do nothing
    returning client_id
  ),
  audited as (
    insert into public.client_audit_events (client_id, action, outcome, source, actor_id, detail)
    select client_id, 'link', 'care_team_joined', link_synced_client.source, therapist,
           jsonb_build_object('therapist_id', therapist)
    from linked
  )
  select count(*) > 0 into joined from linked;
  return joined;
end;
$$;

-- Reconciliation, read-only: how one batch of B people compares with A.
create function public.compare_clients_with_source(
  batch jsonb,
  range_after uuid default null,
  range_through uuid default null,
  orphan_sample integer default 50
) returns jsonb
language sql
stable
set search_path = ''
-- Index lookups per batch, whatever the statistics say (see sync_clients_from_source).
set enable_seqscan = off
as $$
  with incoming as (
    select * from jsonb_to_recordset(batch) as i(id uuid, full_name text, email text, source_updated_at timestamptz)
  ),
  matched as (
    select i.*, c.origin, c.source_updated_at as a_stamp, c.full_name as a_name, c.email as a_email
    from incoming i left join public.clients c on c.id = i.id and c.id = any (array(select id from incoming))
  ),
  orphans as (
    select c.id from public.clients c
    where c.origin = 'project_b'
      and (range_after is null or c.id > range_after)
      and (range_through is null or c.id <= range_through)
      and c.id not in (select id from incoming)
  )
  select jsonb_build_object(
    'people', count(*),
    'synced', count(*) filter (where origin = 'project_b'),
    'notSynced', count(*) filter (where origin is null),
    'stale', count(*) filter (where origin = 'project_b' and (
        a_stamp is null or source_updated_at > a_stamp
        or (source_updated_at = a_stamp and (a_name is distinct from full_name or a_email is distinct from email)))),
    'collisions', count(*) filter (where origin = 'native'),
    'orphans', (select count(*) from orphans),
    'orphanIds', (select coalesce(jsonb_agg(id), '[]'::jsonb) from (select id from orphans order by id limit orphan_sample) o),
    'unrecordedConflicts', (
      select count(*) from matched m
      join public.clients n on lower(n.email) = lower(m.email) and n.origin = 'native' and n.id <> m.id
      where m.email is not null and m.origin is distinct from 'native'
        and not exists (
          select 1 from public.client_email_conflicts x where x.native_client_id = n.id and x.synced_client_id = m.id
        ))
  )
  from matched;
$$;

-- Resolving a conflict, as the signed-in therapist: an admin, or a therapist on
-- the practice client's care team (it is their record that changes).
create function public.resolve_email_conflict(
  conflict uuid,
  resolution public.email_conflict_status
) returns public.client_email_conflicts
language plpgsql
security definer
set search_path = ''
as $$
declare
  who uuid := auth.uid();
  is_admin boolean := coalesce((auth.jwt() -> 'app_metadata' ->> 'role') = 'admin', false);
  pair public.client_email_conflicts;
  carried jsonb := '{}'::jsonb;
begin
  if who is null then
    raise exception 'sign in to resolve a conflict' using errcode = '42501';
  end if;
  if resolution = 'open' then
    raise exception 'a conflict is resolved as same_person or different_people' using errcode = '22023';
  end if;

  select * into pair from public.client_email_conflicts where id = conflict for update;
  if pair.id is null or (not is_admin and not exists (
    select 1 from public.care_team t where t.therapist_id = who and t.client_id = pair.native_client_id
  )) then
    -- The same answer either way: a therapist learns nothing about other care teams.
    raise exception 'no such conflict' using errcode = 'P0002';
  end if;
  if pair.status <> 'open' then
    if pair.status = resolution then
      return pair;
    end if;
    raise exception 'this conflict was already resolved' using errcode = '55000';
  end if;

  update public.client_email_conflicts
  set status = resolution, resolved_at = now(), resolved_by = who
  where id = conflict
  returning * into pair;

  if resolution = 'same_person' then
    -- The synced record is the one shown from now on: the practice client's care
    -- team joins it, and contact details it lacks are carried over.
    insert into public.care_team (therapist_id, client_id)
    select t.therapist_id, pair.synced_client_id from public.care_team t where t.client_id = pair.native_client_id
    on conflict (therapist_id, client_id) do nothing;

    select jsonb_strip_nulls(jsonb_build_object(
             'phone_carried_over', case when s.phone is null and n.phone is not null then true end,
             'date_of_birth_carried_over', case when s.date_of_birth is null and n.date_of_birth is not null then true end))
      into carried
      from public.clients s, public.clients n
      where s.id = pair.synced_client_id and n.id = pair.native_client_id;

    update public.clients s
    set phone = coalesce(s.phone, n.phone), date_of_birth = coalesce(s.date_of_birth, n.date_of_birth)
    from public.clients n
    where s.id = pair.synced_client_id and n.id = pair.native_client_id
      and ((s.phone is null and n.phone is not null) or (s.date_of_birth is null and n.date_of_birth is not null));

    update public.clients set linked_client_id = pair.synced_client_id where id = pair.native_client_id;

    insert into public.client_audit_events (client_id, action, outcome, source, actor_id, detail)
    values
      (pair.native_client_id, 'link', 'same_person', 'dashboard', who,
       jsonb_build_object('conflict_id', pair.id, 'linked_to', pair.synced_client_id)),
      (pair.synced_client_id, 'link', 'same_person', 'dashboard', who,
       jsonb_build_object('conflict_id', pair.id, 'linked_from', pair.native_client_id) || coalesce(carried, '{}'::jsonb));
  end if;

  insert into public.client_audit_events (client_id, action, outcome, source, actor_id, detail)
  values
    (pair.native_client_id, 'conflict_resolved', resolution::text, 'dashboard', who,
     jsonb_build_object('conflict_id', pair.id, 'email', pair.email, 'other_client_id', pair.synced_client_id)),
    (pair.synced_client_id, 'conflict_resolved', resolution::text, 'dashboard', who,
     jsonb_build_object('conflict_id', pair.id, 'email', pair.email, 'other_client_id', pair.native_client_id));
  return pair;
end;
$$;

-- The sync functions act with the caller's rights and are the server's alone
-- (service role); the resolution is for signed-in therapists and checks them itself.
revoke execute on function public.sync_clients_from_source(jsonb, public.sync_source, uuid, text, uuid, uuid, uuid, uuid, boolean, boolean)
  from public, anon, authenticated;
revoke execute on function public.link_synced_client(uuid, uuid, public.sync_source) from public, anon, authenticated;
revoke execute on function public.compare_clients_with_source(jsonb, uuid, uuid, integer) from public, anon, authenticated;
revoke execute on function public.refuse_audit_change() from public, anon, authenticated;
grant execute on function public.sync_clients_from_source(jsonb, public.sync_source, uuid, text, uuid, uuid, uuid, uuid, boolean, boolean)
  to service_role;
grant execute on function public.link_synced_client(uuid, uuid, public.sync_source) to service_role;
grant execute on function public.compare_clients_with_source(jsonb, uuid, uuid, integer) to service_role;
revoke execute on function public.resolve_email_conflict(uuid, public.email_conflict_status) from public, anon;
grant execute on function public.resolve_email_conflict(uuid, public.email_conflict_status) to authenticated;
