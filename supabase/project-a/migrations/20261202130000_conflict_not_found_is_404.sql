-- Resolving a conflict that does not exist, or that is not the caller's to
-- resolve, answered HTTP 500 through the REST API: PostgREST maps P0002 to 500.
-- It maps an SQLSTATE of the form PTxyz to HTTP status xyz, so the function the
-- API exposes now answers PT404. The checks and the work stay in the function
-- they were written in, renamed; only the name the API calls changes hands.

alter function public.resolve_email_conflict(uuid, public.email_conflict_status)
  rename to apply_email_conflict_resolution;

create function public.resolve_email_conflict(
  conflict uuid,
  resolution public.email_conflict_status
) returns public.client_email_conflicts
language plpgsql
security definer
set search_path = ''
as $$
begin
  return public.apply_email_conflict_resolution(conflict, resolution);
exception when no_data_found then
  -- The same answer for "no such conflict" and "not yours": nothing about other care teams leaks.
  raise exception 'no such conflict' using errcode = 'PT404';
end;
$$;

revoke execute on function public.apply_email_conflict_resolution(uuid, public.email_conflict_status)
  from public, anon, authenticated, service_role;
revoke execute on function public.resolve_email_conflict(uuid, public.email_conflict_status) from public, anon, service_role;
grant execute on function public.resolve_email_conflict(uuid, public.email_conflict_status) to authenticated;
