-- adopt_client_for_booking read the JSON sync_clients_from_source used to
-- return; it now reads the typed row (20261201110000). The outcomes are those of
-- 20261201100000 (the enum), unchanged; create or replace keeps its grants.
create or replace function public.adopt_client_for_booking(
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
