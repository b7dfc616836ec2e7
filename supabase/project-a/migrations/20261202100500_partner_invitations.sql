-- Inviting a practice client to the partner app (Project B), behind the
-- PROJECT_B_WRITES setting: once B has the account under the client's own
-- UUID, the practice client becomes a synced client, and every invitation and
-- refusal is on the client's audit trail. Written for Postgres 15 and later.

-- Each migration runs in one transaction (the Supabase CLI does the same; so
-- does supabase/local/migrate.ts). Postgres accepts ADD VALUE inside a
-- transaction but refuses to use the new value before it commits ("unsafe use
-- of new value"). So nothing below uses it at creation time: the functions are
-- plpgsql, whose statements are only analysed when they first run.
alter type public.client_audit_action add value if not exists 'invite';

create type public.partner_invitation_outcome as enum (
  -- The practice client is now the synced client of the B account with its id.
  'invited',
  -- Already a synced client: an earlier or concurrent invitation did it (or the sync did).
  'already_synced',
  -- Resolved as the same person as a synced client: that record is the one in B.
  'linked',
  'no_such_client'
);

-- The practice client becomes the synced client of B's account with the same
-- id: B's name and e-mail (`person`, a sync row: full_name, email,
-- source_updated_at) and the sync stamps, so from now on the sync owns them.
-- The row lock makes concurrent invitations of one client convert it once.
-- Security definer: the service role may not change `origin` itself.
create function public.adopt_invited_client(
  client uuid,
  person jsonb,
  therapist uuid,
  therapist_label text
) returns public.partner_invitation_outcome
language plpgsql
security definer
set search_path = ''
as $$
declare
  target public.clients;
begin
  select * into target from public.clients c where c.id = client for update;
  if not found then
    return 'no_such_client';
  end if;
  if target.origin = 'project_b' then
    return 'already_synced';
  end if;
  if target.linked_client_id is not null then
    return 'linked';
  end if;

  update public.clients c
     set origin = 'project_b',
         full_name = person ->> 'full_name',
         email = person ->> 'email',
         synced_at = now(),
         source_updated_at = (person ->> 'source_updated_at')::timestamptz
   where c.id = client;

  insert into public.client_audit_events (client_id, action, outcome, source, actor_id, actor_label, detail)
  values (
    client, 'invite', 'invited', 'dashboard', therapist, therapist_label,
    jsonb_build_object('email', person ->> 'email')
      || case when target.full_name is distinct from person ->> 'full_name'
              then jsonb_build_object('full_name', jsonb_build_object('from', target.full_name, 'to', person ->> 'full_name'))
              else '{}'::jsonb end
  );
  return 'invited';
end;
$$;

-- A refused invitation on the client's trail: `outcome` says why (the app's
-- refusal codes), `detail` what the therapist was told.
create function public.record_invitation_refusal(
  client uuid,
  outcome text,
  therapist uuid,
  therapist_label text,
  detail jsonb default '{}'::jsonb
) returns void
language plpgsql
set search_path = ''
as $$
begin
  insert into public.client_audit_events (client_id, action, outcome, source, actor_id, actor_label, detail)
  values (client, 'invite', outcome, 'dashboard', therapist, therapist_label, coalesce(detail, '{}'::jsonb));
end;
$$;

revoke execute on function public.adopt_invited_client(uuid, jsonb, uuid, text) from public, anon, authenticated;
revoke execute on function public.record_invitation_refusal(uuid, text, uuid, text, jsonb) from public, anon, authenticated;
grant execute on function public.adopt_invited_client(uuid, jsonb, uuid, text) to service_role;
grant execute on function public.record_invitation_refusal(uuid, text, uuid, text, jsonb) to service_role;
