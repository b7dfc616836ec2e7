-- adopt_client_for_booking answers with an enum instead of text, so the
-- generated types carry the one list of outcomes and TypeScript does not
-- repeat it. Two answers get names that say what they mean: the old
-- 'not_found' meant "a practice's native client" and 'missing' meant "in
-- neither A nor the record the caller passed".
-- It also reads the typed row sync_clients_from_source returns since 20261201110000.
--
--   copied          this call copied the person from B and linked the therapist
--   already_synced  the person was in A already (copied earlier); the therapist joined the care team
--   race_tolerated  a concurrent booking or sync inserted the same id between our look and our
--                   insert: the unique violation (23505) that insert would raise is absorbed by
--                   ON CONFLICT DO NOTHING inside sync_clients_from_source, and we carry on
--   native_client   the id belongs to a practice's own (native) client, which a booking may not join
--   no_such_person  A has no client by this id and the caller passed no Project B record
create type public.adopt_client_outcome as enum (
  'copied', 'already_synced', 'race_tolerated', 'native_client', 'no_such_person'
);

-- The return type changes, so the function is dropped and made again; its
-- grants go with it and are restated below exactly as before.
drop function public.adopt_client_for_booking(uuid, uuid, jsonb);

create function public.adopt_client_for_booking(
  client uuid,
  therapist uuid,
  person jsonb default null
) returns public.adopt_client_outcome
language plpgsql
set search_path = ''
as $$
declare
  existing_origin public.client_origin;
  copied integer;
  refused integer;
begin
  if person is not null and (person ->> 'id')::uuid is distinct from client then
    raise exception 'person % does not match client %', person ->> 'id', client using errcode = '22023';
  end if;

  select c.origin into existing_origin from public.clients c where c.id = client;
  if existing_origin = 'native' then
    return 'native_client';
  end if;

  if person is null then
    if existing_origin is null then
      return 'no_such_person';
    end if;
    -- B is down or no longer has them, but A does: the booking can still go ahead.
    perform public.link_synced_client(client, therapist, 'booking');
    return 'already_synced';
  end if;

  -- The bulk sync's own rules: copy or refresh, e-mail conflicts, care-team link, audit rows.
  -- A transaction that holds an uncommitted row with this id makes the copy wait for it; the
  -- unique violation (23505) its insert would then raise is absorbed by ON CONFLICT DO NOTHING.
  select s.created, s.errors into copied, refused
    from public.sync_clients_from_source(jsonb_build_array(person), 'booking', actor => therapist, link_therapist => therapist) s;
  if existing_origin is not null then
    return 'already_synced';
  end if;
  if refused > 0 then
    -- A native client took this UUID after our look: still not joinable.
    return 'native_client';
  end if;
  return case when copied = 1 then 'copied' else 'race_tolerated' end;
end;
$$;

revoke execute on function public.adopt_client_for_booking(uuid, uuid, jsonb) from public, anon, authenticated;
grant execute on function public.adopt_client_for_booking(uuid, uuid, jsonb) to service_role;
