-- Managing the team: admins add members, change roles, deactivate and
-- reactivate; every member keeps their own name, zone and password. Each change
-- is one function call, so the member row and its history entry commit
-- together or not at all. The server calls these with the service role and
-- passes the verified caller as `actor`; each function checks that caller
-- itself, so a bug in the app cannot skip the check.
-- Written for Postgres 15 and later.

-- Set for an account made with a temporary password: the app sends its owner
-- to choose their own before anything else.
alter table public.practice_members add column must_choose_password boolean not null default false;

-- The acting admin, checked under the same lock the last-admin trigger takes:
-- every team change queues behind the others, so an admin who was just
-- deactivated or demoted by a concurrent request cannot act any more.
create function public.lock_team_for_admin(actor uuid) returns void
language plpgsql
set search_path = ''
as $$
begin
  perform 1 from public.practice_members where role = 'admin' and active order by user_id for update;
  if actor is null or not exists (
    select 1 from public.practice_members where user_id = actor and role = 'admin' and active
  ) then
    raise exception 'only an active practice admin can change the team' using errcode = '42501';
  end if;
end;
$$;

create function public.add_practice_member(
  member uuid,
  display_name text,
  time_zone text,
  role public.member_role,
  must_choose_password boolean,
  actor uuid
) returns void
language plpgsql
security definer
set search_path = ''
as $$
declare
  added public.practice_members;
begin
  perform public.lock_team_for_admin(actor);
  insert into public.practice_members (user_id, display_name, time_zone, role, must_choose_password)
  values (
    add_practice_member.member,
    btrim(add_practice_member.display_name),
    add_practice_member.time_zone,
    add_practice_member.role,
    add_practice_member.must_choose_password
  )
  returning * into added;
  insert into public.practice_member_events (member_id, actor_id, action, detail)
  values (added.user_id, actor, 'added',
          jsonb_build_object('display_name', added.display_name, 'time_zone', added.time_zone, 'role', added.role));
end;
$$;

-- false when the member already has that role: nothing is written.
create function public.change_member_role(member uuid, new_role public.member_role, actor uuid) returns boolean
language plpgsql
security definer
set search_path = ''
as $$
declare
  previous public.member_role;
begin
  perform public.lock_team_for_admin(actor);
  select m.role into previous from public.practice_members m where m.user_id = member for update;
  if not found then
    raise exception 'no such member' using errcode = 'P0002';
  end if;
  if previous = new_role then
    return false;
  end if;
  -- keep_an_active_admin refuses the last active admin's demotion (23514).
  update public.practice_members set role = new_role where user_id = member;
  insert into public.practice_member_events (member_id, actor_id, action, detail)
  values (member, actor, 'role_changed', jsonb_build_object('from', previous, 'to', new_role));
  return true;
end;
$$;

-- false when the member is already in that state. Deactivating also ends every
-- auth session of the member, as GoTrue's own sign-out does (its refresh
-- tokens go with the sessions), so their next refresh fails.
create function public.set_member_active(member uuid, make_active boolean, actor uuid) returns boolean
language plpgsql
security definer
set search_path = ''
as $$
declare
  was_active boolean;
begin
  perform public.lock_team_for_admin(actor);
  select m.active into was_active from public.practice_members m where m.user_id = member for update;
  if not found then
    raise exception 'no such member' using errcode = 'P0002';
  end if;
  if was_active = make_active then
    return false;
  end if;
  update public.practice_members set active = make_active where user_id = member;
  if not make_active then
    delete from auth.sessions where user_id = member;
  end if;
  insert into public.practice_member_events (member_id, actor_id, action, detail)
  values (member, actor, case when make_active then 'reactivated' else 'deactivated' end::public.member_audit_action, '{}'::jsonb);
  return true;
end;
$$;

-- A member's own settings. The detail names what changed, from and to.
create function public.update_member_settings(member uuid, new_display_name text, new_time_zone text) returns boolean
language plpgsql
security definer
set search_path = ''
as $$
declare
  existing public.practice_members;
  changes jsonb := '{}'::jsonb;
begin
  select * into existing from public.practice_members where user_id = member and active for update;
  if not found then
    raise exception 'only an active member can change their settings' using errcode = '42501';
  end if;
  if existing.display_name is distinct from btrim(new_display_name) then
    changes := changes || jsonb_build_object('display_name', jsonb_build_object('from', existing.display_name, 'to', btrim(new_display_name)));
  end if;
  if existing.time_zone is distinct from new_time_zone then
    changes := changes || jsonb_build_object('time_zone', jsonb_build_object('from', existing.time_zone, 'to', new_time_zone));
  end if;
  if changes = '{}'::jsonb then
    return false;
  end if;
  -- check_member_time_zone refuses a zone the database does not know (22023).
  update public.practice_members set display_name = btrim(new_display_name), time_zone = new_time_zone where user_id = member;
  insert into public.practice_member_events (member_id, actor_id, action, detail)
  values (member, member, 'settings_changed', changes);
  return true;
end;
$$;

-- Called after the auth server accepted a member's new password; the history
-- says that it changed, never what it is.
create function public.record_password_change(member uuid) returns void
language plpgsql
security definer
set search_path = ''
as $$
declare
  was_temporary boolean;
begin
  select must_choose_password into was_temporary from public.practice_members where user_id = member and active for update;
  if not found then
    raise exception 'only an active member can change their password' using errcode = '42501';
  end if;
  update public.practice_members set must_choose_password = false where user_id = member and must_choose_password;
  insert into public.practice_member_events (member_id, actor_id, action, detail)
  values (member, member, 'settings_changed',
          jsonb_build_object('password', case when was_temporary then 'chosen' else 'changed' end));
end;
$$;

-- The team page's list: the membership with each account's e-mail, which
-- lives in auth.users, out of the API's reach. Admins only.
create function public.practice_roster()
returns table (
  user_id uuid,
  email text,
  display_name text,
  time_zone text,
  role public.member_role,
  active boolean,
  must_choose_password boolean,
  created_at timestamptz
)
language plpgsql
stable
security definer
set search_path = ''
as $$
begin
  if not public.is_practice_admin() then
    raise exception 'only practice admins can read the team' using errcode = '42501';
  end if;
  return query
    select m.user_id, u.email::text, m.display_name, m.time_zone, m.role, m.active, m.must_choose_password, m.created_at
    from public.practice_members m
    left join auth.users u on u.id = m.user_id
    order by m.active desc, lower(m.display_name), m.user_id;
end;
$$;

-- Grants ------------------------------------------------------------------------

revoke execute on function public.lock_team_for_admin(uuid) from public, anon, authenticated, service_role;
revoke execute on function public.add_practice_member(uuid, text, text, public.member_role, boolean, uuid) from public, anon, authenticated;
revoke execute on function public.change_member_role(uuid, public.member_role, uuid) from public, anon, authenticated;
revoke execute on function public.set_member_active(uuid, boolean, uuid) from public, anon, authenticated;
revoke execute on function public.update_member_settings(uuid, text, text) from public, anon, authenticated;
revoke execute on function public.record_password_change(uuid) from public, anon, authenticated;
revoke execute on function public.practice_roster() from public, anon, service_role;
grant execute on function public.add_practice_member(uuid, text, text, public.member_role, boolean, uuid) to service_role;
grant execute on function public.change_member_role(uuid, public.member_role, uuid) to service_role;
grant execute on function public.set_member_active(uuid, boolean, uuid) to service_role;
grant execute on function public.update_member_settings(uuid, text, text) to service_role;
grant execute on function public.record_password_change(uuid) to service_role;
grant execute on function public.practice_roster() to authenticated;
