-- Practice membership: the one source of truth for who may use CareBridge and
-- who administers it. Signing in proves who someone is; only an active row here
-- lets them see or change anything. Admin rights come from this table, read on
-- every request, so a change takes effect at once instead of when a JWT claim
-- is next refreshed.
-- Written for Postgres 15 and later.

create type public.member_role as enum ('admin', 'therapist');
create type public.member_audit_action as enum ('added', 'role_changed', 'deactivated', 'reactivated', 'settings_changed');

create table public.practice_members (
  user_id uuid primary key references auth.users (id) on delete cascade,
  display_name text not null check (char_length(btrim(display_name)) between 1 and 200),
  -- An IANA zone name; the trigger below checks it against the server's zone list.
  time_zone text not null default 'UTC' check (char_length(time_zone) between 1 and 64),
  role public.member_role not null default 'therapist',
  active boolean not null default true,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index practice_members_active_admins_idx on public.practice_members (user_id) where active and role = 'admin';
create trigger practice_members_touch_updated_at before update on public.practice_members
  for each row execute function public.touch_updated_at();

-- Append-only, like the client audit trail: who changed whom, how, and when.
create table public.practice_member_events (
  id bigint generated always as identity primary key,
  occurred_at timestamptz not null default now(),
  -- No foreign keys: the trail outlives the accounts it talks about.
  member_id uuid not null,
  actor_id uuid,
  action public.member_audit_action not null,
  detail jsonb not null default '{}'::jsonb
);
create index practice_member_events_member_idx on public.practice_member_events (member_id, occurred_at desc, id desc);
create index practice_member_events_occurred_idx on public.practice_member_events (occurred_at desc, id desc);
create trigger practice_member_events_append_only before update or delete on public.practice_member_events
  for each row execute function public.refuse_audit_change();
create trigger practice_member_events_no_truncate before truncate on public.practice_member_events
  for each statement execute function public.refuse_audit_change();

-- A zone the database cannot convert to would break every date the therapist sees.
create function public.check_member_time_zone() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if not exists (select 1 from pg_catalog.pg_timezone_names where name = new.time_zone) then
    raise exception 'unknown time zone: %', new.time_zone using errcode = '22023';
  end if;
  return new;
end;
$$;
create trigger practice_members_check_time_zone before insert or update of time_zone on public.practice_members
  for each row execute function public.check_member_time_zone();

-- A practice always keeps one active admin. The lock on the admin rows makes
-- two concurrent demotions queue, so the second sees the first and is refused.
create function public.keep_an_active_admin() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if old.role = 'admin' and old.active and not (new.role = 'admin' and new.active) then
    perform 1 from public.practice_members where role = 'admin' and active for update;
    if not exists (
      select 1 from public.practice_members where role = 'admin' and active and user_id <> old.user_id
    ) then
      raise exception 'the practice needs at least one active admin' using errcode = '23514';
    end if;
  end if;
  return new;
end;
$$;
create trigger practice_members_keep_an_active_admin before update of role, active on public.practice_members
  for each row execute function public.keep_an_active_admin();

-- Checks that policies and functions share ------------------------------------
-- Security definer so a policy can ask without reading practice_members under
-- its own RLS; stable, and wrapped in (select ...) at the call site, so Postgres
-- evaluates it once per statement rather than once per row.

create function public.is_active_member() returns boolean
language sql
stable
security definer
set search_path = ''
as $$
  select exists (select 1 from public.practice_members where user_id = (select auth.uid()) and active);
$$;

create function public.is_practice_admin() returns boolean
language sql
stable
security definer
set search_path = ''
as $$
  select exists (
    select 1 from public.practice_members where user_id = (select auth.uid()) and active and role = 'admin'
  );
$$;

alter table public.practice_members enable row level security;
alter table public.practice_member_events enable row level security;

create policy "members see themselves, admins see the team"
  on public.practice_members for select to authenticated
  using ((user_id = (select auth.uid()) and active) or (select public.is_practice_admin()));

create policy "admins see the team's history"
  on public.practice_member_events for select to authenticated
  using ((select public.is_practice_admin()));

-- Every existing policy now also requires an active membership ------------------

drop policy "therapists see their care-team links" on public.care_team;
create policy "members see their care-team links"
  on public.care_team for select to authenticated
  using ((select public.is_active_member()) and therapist_id = (select auth.uid()));

drop policy "therapists see clients on their care team" on public.clients;
create policy "members see clients on their care team"
  on public.clients for select to authenticated
  using (
    (select public.is_active_member())
    and id in (select client_id from public.care_team where therapist_id = (select auth.uid()))
  );

drop policy "therapists edit clients on their care team" on public.clients;
create policy "members edit clients on their care team"
  on public.clients for update to authenticated
  using (
    (select public.is_active_member())
    and id in (select client_id from public.care_team where therapist_id = (select auth.uid()))
  )
  with check (
    (select public.is_active_member())
    and id in (select client_id from public.care_team where therapist_id = (select auth.uid()))
  );

drop policy "therapists see their own sessions" on public.sessions;
create policy "members see their own sessions"
  on public.sessions for select to authenticated
  using ((select public.is_active_member()) and therapist_id = (select auth.uid()));

drop policy "therapists book their own sessions" on public.sessions;
create policy "members book their own sessions"
  on public.sessions for insert to authenticated
  with check ((select public.is_active_member()) and therapist_id = (select auth.uid()));

drop policy "therapists update their own sessions" on public.sessions;
create policy "members update their own sessions"
  on public.sessions for update to authenticated
  using ((select public.is_active_member()) and therapist_id = (select auth.uid()))
  with check ((select public.is_active_member()) and therapist_id = (select auth.uid()));

drop policy "admins see every sync run" on public.sync_runs;
create policy "admins see every sync run"
  on public.sync_runs for select to authenticated
  using ((select public.is_practice_admin()));

drop policy "admins and care teams see e-mail conflicts" on public.client_email_conflicts;
create policy "admins and care teams see e-mail conflicts"
  on public.client_email_conflicts for select to authenticated
  using (
    (select public.is_practice_admin())
    or ((select public.is_active_member()) and (
      native_client_id in (select client_id from public.care_team where therapist_id = (select auth.uid()))
      or synced_client_id in (select client_id from public.care_team where therapist_id = (select auth.uid()))
    ))
  );

drop policy "admins and care teams see a client's audit trail" on public.client_audit_events;
create policy "admins and care teams see a client's audit trail"
  on public.client_audit_events for select to authenticated
  using (
    (select public.is_practice_admin())
    or ((select public.is_active_member())
        and client_id in (select client_id from public.care_team where therapist_id = (select auth.uid())))
  );

-- The two functions therapists call check membership themselves (security definer) --

create or replace function public.create_native_client(
  full_name text,
  email text default null,
  phone text default null,
  date_of_birth date default null,
  notes text default null
) returns public.clients
language plpgsql
security definer
set search_path = ''
as $$
declare
  therapist uuid := auth.uid();
  created public.clients;
begin
  if therapist is null or not public.is_active_member() then
    raise exception 'only the practice''s therapists can create clients' using errcode = '42501';
  end if;
  insert into public.clients (full_name, email, phone, date_of_birth, notes, origin, created_by)
  values (
    btrim(create_native_client.full_name),
    nullif(btrim(create_native_client.email), ''),
    nullif(btrim(create_native_client.phone), ''),
    create_native_client.date_of_birth,
    nullif(btrim(create_native_client.notes), ''),
    'native',
    therapist
  )
  returning * into created;
  insert into public.care_team (therapist_id, client_id) values (therapist, created.id);
  return created;
end;
$$;

create or replace function public.resolve_email_conflict(
  conflict uuid,
  resolution public.email_conflict_status
) returns public.client_email_conflicts
language plpgsql
security definer
set search_path = ''
as $$
declare
  who uuid := auth.uid();
  is_admin boolean := public.is_practice_admin();
  pair public.client_email_conflicts;
  carried jsonb := '{}'::jsonb;
begin
  if who is null or not public.is_active_member() then
    raise exception 'only the practice''s therapists can resolve a conflict' using errcode = '42501';
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

-- Grants ------------------------------------------------------------------------
-- Members read themselves (admins the team) under RLS; every change to the team
-- goes through the server's service role, which records it in the history.

revoke all on public.practice_members, public.practice_member_events from public, anon, authenticated, service_role;
grant select on public.practice_members, public.practice_member_events to authenticated;
grant select, insert on public.practice_members to service_role;
grant update (display_name, time_zone, role, active) on public.practice_members to service_role;
grant select on public.practice_member_events to service_role;
grant insert (member_id, actor_id, action, detail) on public.practice_member_events to service_role;

revoke execute on function public.is_active_member() from public, anon, service_role;
revoke execute on function public.is_practice_admin() from public, anon, service_role;
grant execute on function public.is_active_member() to authenticated;
grant execute on function public.is_practice_admin() to authenticated;
revoke execute on function public.check_member_time_zone() from public, anon, authenticated, service_role;
revoke execute on function public.keep_an_active_admin() from public, anon, authenticated, service_role;
-- create or replace keeps a function's grants; restated so this file reads whole.
revoke execute on function public.create_native_client(text, text, text, date, text) from public, anon, service_role;
revoke execute on function public.resolve_email_conflict(uuid, public.email_conflict_status) from public, anon, service_role;
