-- A booking's slow path in one round trip to Project A. The booking has already
-- asked Project B (outside this database) and passes what it found, or null
-- when B does not know the person or could not be reached.
--
-- Returns one of:
--   already_synced  the person was in A already (copied earlier); the therapist joined the care team
--   copied          this call copied the person from B and linked the therapist
--   race_tolerated  a concurrent booking or sync copied them between our look and our insert:
--                   the unique violation (23505) that insert would raise is absorbed by
--                   ON CONFLICT DO NOTHING inside sync_clients_from_source, and we carry on
--   not_found       the id belongs to another practice's native client, which a booking may not join
--   missing         A does not have the person and no B record was given
create function public.adopt_client_for_booking(
  client uuid,
  therapist uuid,
  person jsonb default null
) returns text
language plpgsql
set search_path = ''
as $$
declare
  existing_origin public.client_origin;
  copy_counts jsonb;
begin
  if person is not null and (person ->> 'id')::uuid is distinct from client then
    raise exception 'person % does not match client %', person ->> 'id', client using errcode = '22023';
  end if;

  select c.origin into existing_origin from public.clients c where c.id = client;
  if existing_origin = 'native' then
    return 'not_found';
  end if;

  if person is null then
    if existing_origin is null then
      return 'missing';
    end if;
    -- B is down or no longer has them, but A does: the booking can still go ahead.
    perform public.link_synced_client(client, therapist, 'booking');
    return 'already_synced';
  end if;

  -- The bulk sync's own rules: copy or refresh, e-mail conflicts, care-team link, audit rows.
  copy_counts := public.sync_clients_from_source(
    jsonb_build_array(person), 'booking', actor => therapist, link_therapist => therapist
  );
  if existing_origin is not null then
    return 'already_synced';
  end if;
  if (copy_counts ->> 'collisions')::integer > 0 then
    -- A native client took this UUID after our look: still not joinable.
    return 'not_found';
  end if;
  return case when (copy_counts ->> 'created')::integer = 1 then 'copied' else 'race_tolerated' end;
end;
$$;

revoke execute on function public.adopt_client_for_booking(uuid, uuid, jsonb) from public, anon, authenticated;
grant execute on function public.adopt_client_for_booking(uuid, uuid, jsonb) to service_role;
