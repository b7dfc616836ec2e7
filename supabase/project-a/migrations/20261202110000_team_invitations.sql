-- Invitations: an admin adds a therapist by e-mail, and the membership waits,
-- inactive, until the therapist has set their own password from the link. A
-- pending member is not `active`, so is_active_member(), every policy and the
-- last-admin rule treat them as no member at all until then.
-- Written for Postgres 15 and later. The new enum values are only named inside
-- plpgsql bodies, which are only planned when they run, after this migration
-- has committed (an SQL-language body would be checked at once and refused).

alter type public.member_audit_action add value if not exists 'invited';
alter type public.member_audit_action add value if not exists 'invitation_resent';
alter type public.member_audit_action add value if not exists 'activated';

alter table public.practice_members add column invitation_pending boolean not null default false;
alter table public.practice_members
  add constraint practice_members_pending_is_inactive check (not (invitation_pending and active));

-- The same rows add_practice_member writes, but pending and inactive; the
-- history says it was an invitation.
create function public.invite_practice_member(
  member uuid,
  display_name text,
  time_zone text,
  role public.member_role,
  actor uuid
) returns void
language plpgsql
security definer
set search_path = ''
as $$
declare
  invited public.practice_members;
begin
  perform public.lock_team_for_admin(actor);
  insert into public.practice_members (user_id, display_name, time_zone, role, active, invitation_pending)
  values (
    invite_practice_member.member,
    btrim(invite_practice_member.display_name),
    invite_practice_member.time_zone,
    invite_practice_member.role,
    false,
    true
  )
  returning * into invited;
  insert into public.practice_member_events (member_id, actor_id, action, detail)
  values (invited.user_id, actor, 'invited',
          jsonb_build_object('display_name', invited.display_name, 'time_zone', invited.time_zone, 'role', invited.role));
end;
$$;

-- Seconds until the member's invitation may be sent again, counted from the
-- last one the history records; 0 when it may go now. GoTrue's per-address
-- interval (SMTP max frequency, 60 s on a hosted project) covers recovery and
-- confirmation mails but not /invite, so the app keeps the same pace itself.
create function public.invitation_resend_wait(member uuid, interval_seconds integer) returns integer
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  last_sent timestamptz;
begin
  select max(e.occurred_at) into last_sent
  from public.practice_member_events e
  where e.member_id = member and e.action in ('invited', 'invitation_resent');
  if last_sent is null then
    return 0;
  end if;
  return greatest(0, ceil(extract(epoch from (last_sent + make_interval(secs => interval_seconds) - now())))::integer);
end;
$$;

-- Called after the auth server sent the invitation again.
create function public.record_invitation_resent(member uuid, actor uuid) returns void
language plpgsql
security definer
set search_path = ''
as $$
begin
  perform public.lock_team_for_admin(actor);
  perform 1 from public.practice_members m where m.user_id = member and m.invitation_pending for update;
  if not found then
    raise exception 'no pending invitation for this member' using errcode = '55000';
  end if;
  insert into public.practice_member_events (member_id, actor_id, action, detail)
  values (member, actor, 'invitation_resent', '{}'::jsonb);
end;
$$;

-- Called once the invited member's own password is set: the membership becomes
-- active, and the history says they did it themselves.
create function public.activate_invited_member(member uuid) returns void
language plpgsql
security definer
set search_path = ''
as $$
begin
  perform 1 from public.practice_members m where m.user_id = member and m.invitation_pending for update;
  if not found then
    raise exception 'no pending invitation for this member' using errcode = '55000';
  end if;
  update public.practice_members set active = true, invitation_pending = false where user_id = member;
  insert into public.practice_member_events (member_id, actor_id, action, detail)
  values (member, member, 'activated', '{}'::jsonb);
end;
$$;

-- As before, but an invitation still pending cannot be switched on by an
-- admin: only the therapist's own password does that.
create or replace function public.set_member_active(member uuid, make_active boolean, actor uuid) returns boolean
language plpgsql
security definer
set search_path = ''
as $$
declare
  existing public.practice_members;
begin
  perform public.lock_team_for_admin(actor);
  select * into existing from public.practice_members m where m.user_id = member for update;
  if not found then
    raise exception 'no such member' using errcode = 'P0002';
  end if;
  if make_active and existing.invitation_pending then
    raise exception 'the invitation has not been accepted yet' using errcode = '55000';
  end if;
  if existing.active = make_active then
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

-- The roster gains the pending state; a new result column means a new function.
drop function public.practice_roster();
create function public.practice_roster()
returns table (
  user_id uuid,
  email text,
  display_name text,
  time_zone text,
  role public.member_role,
  active boolean,
  must_choose_password boolean,
  invitation_pending boolean,
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
    select m.user_id, u.email::text, m.display_name, m.time_zone, m.role, m.active, m.must_choose_password,
           m.invitation_pending, m.created_at
    from public.practice_members m
    left join auth.users u on u.id = m.user_id
    order by m.active desc, lower(m.display_name), m.user_id;
end;
$$;

-- Grants ------------------------------------------------------------------------

revoke execute on function public.invite_practice_member(uuid, text, text, public.member_role, uuid) from public, anon, authenticated;
revoke execute on function public.invitation_resend_wait(uuid, integer) from public, anon, authenticated;
revoke execute on function public.record_invitation_resent(uuid, uuid) from public, anon, authenticated;
revoke execute on function public.activate_invited_member(uuid) from public, anon, authenticated;
revoke execute on function public.practice_roster() from public, anon, service_role;
grant execute on function public.invite_practice_member(uuid, text, text, public.member_role, uuid) to service_role;
grant execute on function public.invitation_resend_wait(uuid, integer) to service_role;
grant execute on function public.record_invitation_resent(uuid, uuid) to service_role;
grant execute on function public.activate_invited_member(uuid) to service_role;
grant execute on function public.practice_roster() to authenticated;
