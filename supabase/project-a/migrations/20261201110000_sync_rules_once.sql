-- The sync's rules, each written once. The write (sync_clients_from_source),
-- the comparison and dry run (compare_clients_with_source) and the booking's
-- care-team link (link_synced_client) all read them from the helpers below:
--
--   sync_batch_people(batch)        the batch JSON as typed rows (its only column list)
--   sync_verdicts(batch)            per person: new, stale, unchanged or id_taken
--   sync_unrecorded_conflicts(batch) same-e-mail pairs with a practice client not on record yet
--   sync_orphans(ids, after, through) synced clients in an id range that the batch does not hold
--   join_care_team(clients, therapist, who) the care-team link and its audit row
--
-- The two API functions now return typed rows, so the generated types carry
-- their fields. A dry run is the comparison: it has no fork of the write.
-- Written for Postgres 15 and later.

create type public.sync_verdict as enum ('new', 'stale', 'unchanged', 'id_taken');
comment on type public.sync_verdict is
  'What a sync does with one Project B person: copy (new), refresh (stale), nothing (unchanged), or refuse (id_taken: a practice client holds the id).';

-- Who a change is audited to: the source, the acting therapist or machine label, and the bulk run.
create type public.sync_actor as (source public.sync_source, actor_id uuid, actor_label text, run_id uuid);

-- The rules ----------------------------------------------------------------------------

-- `batch` is a JSON array of {id, full_name, email, notes, source_updated_at},
-- mapped from B by lib/sync/source-person.ts.
create function public.sync_batch_people(batch jsonb)
returns table (id uuid, full_name text, email text, notes text, source_updated_at timestamptz)
language sql
stable
set search_path = ''
as $$
  select * from jsonb_to_recordset(batch) as p(id uuid, full_name text, email text, notes text, source_updated_at timestamptz);
$$;

-- Stale: B's data is newer than the copy's stamp, or the stamps are equal and
-- name or e-mail differ (an e-mail change in B's auth does not move the
-- profile's stamp). A read older than the copy never wins. The copy's current
-- values come along for the audit's "from".
create function public.sync_verdicts(batch jsonb)
returns table (
  id uuid,
  verdict public.sync_verdict,
  full_name text,
  email text,
  source_updated_at timestamptz,
  copy_full_name text,
  copy_email text,
  copy_source_updated_at timestamptz
)
language sql
stable
set search_path = ''
as $$
  with people as (select * from public.sync_batch_people(batch))
  select p.id,
         case
           when c.id is null then 'new'
           when c.origin <> 'project_b' then 'id_taken'
           when c.source_updated_at is null
             or p.source_updated_at > c.source_updated_at
             or (p.source_updated_at = c.source_updated_at
                 and (c.full_name is distinct from p.full_name or c.email is distinct from p.email)) then 'stale'
           else 'unchanged'
         end::public.sync_verdict,
         p.full_name, p.email, p.source_updated_at, c.full_name, c.email, c.source_updated_at
  from people p
  -- The `= any` gives the planner an index condition for the whole batch at once,
  -- so it looks the batch up by id even while its statistics say `clients` is small.
  left join public.clients c on c.id = p.id and c.id = any (array(select people.id from people));
$$;

-- A practice (native) client with a B person's e-mail, case-insensitively, but
-- another id: a conflict, recorded once per pair and never merged. A person
-- whose id a practice client holds is refused, so has no conflict of its own.
create function public.sync_unrecorded_conflicts(batch jsonb)
returns table (native_client_id uuid, synced_client_id uuid, email text)
language sql
stable
set search_path = ''
as $$
  select n.id, p.id, lower(p.email)
  from public.sync_verdicts(batch) p
  join public.clients n on lower(n.email) = lower(p.email) and n.origin = 'native' and n.id <> p.id
  where p.email is not null
    and p.verdict <> 'id_taken'
    and not exists (
      select 1 from public.client_email_conflicts x where x.native_client_id = n.id and x.synced_client_id = p.id
    );
$$;

-- Orphans: synced clients in the id range a batch covers (after: exclusive,
-- through: inclusive, null: open end) that B no longer has, lowest first.
create function public.sync_orphans(ids uuid[], range_after uuid, range_through uuid)
returns setof uuid
language sql
stable
set search_path = ''
as $$
  select c.id from public.clients c
  where c.origin = 'project_b'
    and (range_after is null or c.id > range_after)
    and (range_through is null or c.id <= range_through)
    and c.id not in (select unnest(ids))
  order by c.id;
$$;

-- The therapist joins the care teams of those synced clients they are not on
-- yet, with one audit row each; returns the clients joined now.
create function public.join_care_team(clients uuid[], therapist uuid, who public.sync_actor)
returns setof uuid
language sql
volatile
set search_path = ''
as $$
  with linked as (
    insert into public.care_team (therapist_id, client_id)
    select therapist, c.id from public.clients c where c.id = any (clients) and c.origin = 'project_b'
    on conflict (therapist_id, client_id) do nothing
    returning client_id
  ),
  audited as (
    insert into public.client_audit_events (client_id, action, outcome, source, actor_id, actor_label, run_id, detail)
    select l.client_id, 'link', 'care_team_joined', (who).source, (who).actor_id, (who).actor_label, (who).run_id,
           jsonb_build_object('therapist_id', therapist)
    from linked l
  )
  select l.client_id from linked l;
$$;

-- The write: one batch of Project B people per call -----------------------------------------
--
-- In one transaction: people missing from A are copied with their B UUID
-- (notes only on the copy: phone, date of birth, notes and status belong to the
-- practice from then on); stale copies get name and e-mail refreshed, and
-- nothing else; new e-mail conflicts are recorded; optionally the booking
-- therapist joins the care team; every change gets an audit row, and the run
-- row its counters. With count_orphans it also counts the orphans of the id
-- range (range_after, range_through]. Idempotent: a second call with the same
-- batch changes nothing. A dry run is compare_clients_with_source.

drop function public.sync_clients_from_source(jsonb, public.sync_source, uuid, text, uuid, uuid, uuid, uuid, boolean, boolean);

create function public.sync_clients_from_source(
  batch jsonb,
  source public.sync_source,
  actor uuid default null,
  actor_label text default null,
  run_id uuid default null,
  link_therapist uuid default null,
  range_after uuid default null,
  range_through uuid default null,
  count_orphans boolean default false
) returns table (
  scanned integer,
  created integer,
  updated integer,
  unchanged integer,
  -- New e-mail conflicts recorded (a pair already on record is not counted again).
  conflicts integer,
  -- People refused because a practice client holds their id.
  errors integer,
  -- Null unless count_orphans.
  orphans integer
)
language plpgsql
set search_path = ''
-- Each statement looks up one batch (<= a few thousand people) in a large
-- table. Right after a first bulk run the statistics still describe the small
-- `clients` of before, and without this the planner reads all of `clients` once
-- per batch to find practice clients by e-mail (measured: docs/benchmarks.md,
-- section 4). It holds for the helpers too, which run inside this call.
set enable_seqscan = off
as $$
declare
  who constant public.sync_actor :=
    row(sync_clients_from_source.source, actor, sync_clients_from_source.actor_label, sync_clients_from_source.run_id);
  ids constant uuid[] := array(select p.id from public.sync_batch_people(batch) p);
  created_count integer;
  stale_ids uuid[];
  updated_count integer := 0;
  taken_count integer;
  conflict_count integer;
  orphan_count integer;
begin
  -- Copies. ON CONFLICT DO NOTHING absorbs the unique violation (23505) of a
  -- person a parallel booking or run copied first: theirs stands.
  with copied as (
    insert into public.clients (id, full_name, email, notes, origin, synced_at, source_updated_at)
    select p.id, p.full_name, p.email, p.notes, 'project_b', now(), p.source_updated_at
    from public.sync_batch_people(batch) p
    on conflict (id) do nothing
    returning clients.id
  ),
  audited as (
    insert into public.client_audit_events (client_id, action, outcome, source, actor_id, actor_label, run_id)
    select c.id, 'copy', 'created', (who).source, (who).actor_id, (who).actor_label, (who).run_id from copied c
  )
  select count(*) into created_count from copied;

  -- After the copies every person is in A: the copies just made are unchanged,
  -- and what is left is stale, unchanged, or refused.
  select coalesce(array_agg(v.id) filter (where v.verdict = 'stale'), '{}'),
         count(*) filter (where v.verdict = 'id_taken')
    into stale_ids, taken_count
    from public.sync_verdicts(batch) v;

  if cardinality(stale_ids) > 0 then
    -- Lock first, then judge again in a new statement: a refresh that another
    -- run committed meanwhile is seen, so it is neither repeated nor audited twice.
    perform 1 from public.clients c where c.id = any (stale_ids) order by c.id for update;
    -- Only B-owned fields (name, e-mail) and the provenance stamps.
    with refreshed as (
      update public.clients c
      set full_name = v.full_name, email = v.email, source_updated_at = v.source_updated_at, synced_at = now()
      from public.sync_verdicts(batch) v
      where c.id = v.id and v.verdict = 'stale' and c.id = any (stale_ids)
      returning c.id, v.copy_full_name, v.copy_email, v.copy_source_updated_at, v.full_name, v.email, v.source_updated_at
    ),
    audited as (
      insert into public.client_audit_events (client_id, action, outcome, source, actor_id, actor_label, run_id, detail)
      select r.id, 'refresh', 'updated', (who).source, (who).actor_id, (who).actor_label, (who).run_id,
             jsonb_strip_nulls(jsonb_build_object(
               'full_name', case when r.copy_full_name is distinct from r.full_name
                                 then jsonb_build_object('from', r.copy_full_name, 'to', r.full_name) end,
               'email', case when r.copy_email is distinct from r.email
                             then jsonb_build_object('from', r.copy_email, 'to', r.email) end,
               'source_updated_at', jsonb_build_object('from', r.copy_source_updated_at, 'to', r.source_updated_at)
             ))
      from refreshed r
    )
    select count(*) into updated_count from refreshed;
  end if;

  -- A resolved pair stays resolved; a pair found by a parallel call is theirs.
  with found as (
    insert into public.client_email_conflicts (native_client_id, synced_client_id, email, detected_via)
    select u.native_client_id, u.synced_client_id, u.email, (who).source from public.sync_unrecorded_conflicts(batch) u
    on conflict (native_client_id, synced_client_id) do nothing
    returning client_email_conflicts.id, client_email_conflicts.native_client_id,
              client_email_conflicts.synced_client_id, client_email_conflicts.email
  ),
  audited as (
    insert into public.client_audit_events (client_id, action, outcome, source, actor_id, actor_label, run_id, detail)
    select side.client_id, 'conflict_found', 'open', (who).source, (who).actor_id, (who).actor_label, (who).run_id,
           jsonb_build_object('conflict_id', f.id, 'email', f.email, 'other_client_id', side.other_id)
    from found f
    cross join lateral (values (f.native_client_id, f.synced_client_id), (f.synced_client_id, f.native_client_id))
      as side(client_id, other_id)
  )
  select count(*) into conflict_count from found;

  -- The booking path: the therapist joins the synced client's care team.
  if link_therapist is not null then
    perform public.join_care_team(ids, link_therapist, who);
  end if;

  if count_orphans then
    select count(*) into orphan_count from public.sync_orphans(ids, range_after, range_through);
  end if;

  if sync_clients_from_source.run_id is not null then
    update public.sync_runs r
    set scanned = r.scanned + cardinality(ids),
        created = r.created + created_count,
        updated = r.updated + updated_count,
        unchanged = r.unchanged + (cardinality(ids) - created_count - updated_count - taken_count),
        conflicts = r.conflicts + conflict_count,
        errors = r.errors + taken_count,
        orphans = case when count_orphans then coalesce(r.orphans, 0) + orphan_count else r.orphans end,
        heartbeat_at = now()
    where r.id = sync_clients_from_source.run_id;
  end if;

  return query select cardinality(ids), created_count, updated_count,
                      cardinality(ids) - created_count - updated_count - taken_count,
                      conflict_count, taken_count, orphan_count;
end;
$$;

-- A booking by a second therapist: the client is already synced, the therapist joins its care team.
create or replace function public.link_synced_client(
  client uuid,
  therapist uuid,
  source public.sync_source default 'booking'
) returns boolean
language sql
set search_path = ''
as $$
  select count(*) > 0
  from public.join_care_team(array[client], therapist, row(source, therapist, null, null)::public.sync_actor);
$$;

-- The comparison, read-only: what a sync of this batch would do, person by
-- person, and the orphans of its id range. The status and the dry run read it.

drop function public.compare_clients_with_source(jsonb, uuid, uuid, integer);

create function public.compare_clients_with_source(
  batch jsonb,
  range_after uuid default null,
  range_through uuid default null,
  count_orphans boolean default false,
  orphan_sample integer default 50
) returns table (
  people integer,
  new integer,
  stale integer,
  unchanged integer,
  id_taken integer,
  -- Same-e-mail pairs a sync would record.
  conflicts integer,
  -- Null unless count_orphans; orphan_ids holds the lowest orphan_sample of them.
  orphans integer,
  orphan_ids uuid[]
)
language sql
stable
set search_path = ''
-- Index lookups per batch, whatever the statistics say (see sync_clients_from_source).
set enable_seqscan = off
as $$
  with verdicts as (
    select v.verdict from public.sync_verdicts(batch) v
  ),
  orphans as (
    select o.id
    from public.sync_orphans(array(select p.id from public.sync_batch_people(batch) p), range_after, range_through) as o(id)
    where count_orphans
  )
  select count(*)::integer,
         (count(*) filter (where v.verdict = 'new'))::integer,
         (count(*) filter (where v.verdict = 'stale'))::integer,
         (count(*) filter (where v.verdict = 'unchanged'))::integer,
         (count(*) filter (where v.verdict = 'id_taken'))::integer,
         (select count(*) from public.sync_unrecorded_conflicts(batch))::integer,
         case when count_orphans then (select count(*) from orphans)::integer end,
         case when count_orphans then array(select o.id from orphans o order by o.id limit orphan_sample) end
  from verdicts v;
$$;

-- Privileges -------------------------------------------------------------------------------
-- The API functions run with the caller's rights, so the server's role (the only
-- one that may call them) also executes the helpers they call; nobody else may.

revoke execute on function public.sync_batch_people(jsonb) from public, anon, authenticated;
revoke execute on function public.sync_verdicts(jsonb) from public, anon, authenticated;
revoke execute on function public.sync_unrecorded_conflicts(jsonb) from public, anon, authenticated;
revoke execute on function public.sync_orphans(uuid[], uuid, uuid) from public, anon, authenticated;
revoke execute on function public.join_care_team(uuid[], uuid, public.sync_actor) from public, anon, authenticated;
revoke execute on function public.sync_clients_from_source(jsonb, public.sync_source, uuid, text, uuid, uuid, uuid, uuid, boolean)
  from public, anon, authenticated;
revoke execute on function public.compare_clients_with_source(jsonb, uuid, uuid, boolean, integer) from public, anon, authenticated;

grant execute on function public.sync_batch_people(jsonb) to service_role;
grant execute on function public.sync_verdicts(jsonb) to service_role;
grant execute on function public.sync_unrecorded_conflicts(jsonb) to service_role;
grant execute on function public.sync_orphans(uuid[], uuid, uuid) to service_role;
grant execute on function public.join_care_team(uuid[], uuid, public.sync_actor) to service_role;
grant execute on function public.sync_clients_from_source(jsonb, public.sync_source, uuid, text, uuid, uuid, uuid, uuid, boolean)
  to service_role;
grant execute on function public.compare_clients_with_source(jsonb, uuid, uuid, boolean, integer) to service_role;
