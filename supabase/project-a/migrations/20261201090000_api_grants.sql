-- What each API role may do in Project A, stated in full.
--
-- A hosted project created before 2026-05-30 granted every API role all
-- privileges on everything in public; one created since grants none (changelog
-- 45329). The migrations before this one were written for the first and only
-- revoked. This one revokes everything the API roles hold in public, whatever
-- the project started with, and grants back what the app uses, so both kinds of
-- project end in the same state. supabase/project-a/api-grants.expected.ts
-- lists that state and grants.test.ts compares the catalog with it.
--
-- Who uses what:
--   authenticated  the signed-in therapist, under RLS (app/, lib/): dashboards,
--                  booking, client edits, conflicts, audit trail, admins' run list
--   service_role   the server (lib/sync, lib/booking via lib/supabase/service.ts):
--                  the sync functions, which act with the caller's rights, and the
--                  run records; tests and benchmarks also write practice fixtures with it
--   anon           nothing: signing in goes to the auth server, not to tables
-- Sequences: the only one belongs to an identity column, which needs no grant.

-- Revoke broadly. Revoking a table privilege also revokes it on every column.
revoke all on all tables in schema public from public, anon, authenticated, service_role;
revoke all on all sequences in schema public from public, anon, authenticated, service_role;
-- Postgres lets PUBLIC execute every new function; here nobody may unless granted below.
-- Trigger functions need no grant: a trigger runs its function without checking EXECUTE.
revoke all on all functions in schema public from public, anon, authenticated, service_role;

-- Tables and sequences later migrations create start with nothing, also on a
-- project that still has the old permissive defaults. Functions still start
-- executable by PUBLIC (Postgres' own default, which hosted keeps), so a
-- migration that adds one revokes that; grants.test.ts fails until it does.
alter default privileges in schema public revoke all on tables from anon, authenticated, service_role;
alter default privileges in schema public revoke all on sequences from anon, authenticated, service_role;
alter default privileges in schema public revoke all on functions from anon, authenticated, service_role;

-- The therapist ------------------------------------------------------------------

grant select on public.clients, public.care_team, public.sessions to authenticated;
-- A-owned details; the trigger keeps name and e-mail of synced clients to Project B.
grant update (full_name, email, phone, date_of_birth, notes, status) on public.clients to authenticated;
-- The booking form's fields; status, ids and timestamps take their defaults.
grant insert (therapist_id, client_id, starts_at, duration_minutes, session_type, notes) on public.sessions to authenticated;
-- Marking a session completed, cancelled or a no-show.
grant update (status) on public.sessions to authenticated;
grant select on public.client_email_conflicts, public.client_audit_events, public.sync_runs to authenticated;
-- Both check the caller themselves (security definer).
grant execute on function public.create_native_client(text, text, text, date, text) to authenticated;
grant execute on function public.resolve_email_conflict(uuid, public.email_conflict_status) to authenticated;

-- The server ---------------------------------------------------------------------

grant select on public.clients, public.care_team, public.sessions,
  public.client_email_conflicts, public.client_audit_events, public.sync_runs to service_role;
-- Copies from Project B; practice fixtures in tests and benchmarks (created_by).
grant insert (id, full_name, email, notes, origin, synced_at, source_updated_at, created_by)
  on public.clients to service_role;
-- A refresh changes only what Project B owns, and the provenance stamps.
grant update (full_name, email, source_updated_at, synced_at) on public.clients to service_role;
grant insert on public.care_team to service_role;
-- Sessions are booked as the therapist; tests and benchmarks seed them with the service role.
grant insert on public.sessions to service_role;
grant insert (native_client_id, synced_client_id, email, detected_via) on public.client_email_conflicts to service_role;
-- Append-only: the trail is never updated or deleted, not even by the server.
grant insert (client_id, action, outcome, source, actor_id, actor_label, run_id, detail)
  on public.client_audit_events to service_role;
-- Who started a run, and when, is fixed once recorded; the counters move.
grant insert (scope, source, actor_id, actor_label) on public.sync_runs to service_role;
grant update (status, heartbeat_at, finished_at, total, scanned, created, updated, unchanged, conflicts, errors,
              orphans, elapsed_ms, message, error_samples)
  on public.sync_runs to service_role;
grant execute on function public.sync_clients_from_source(jsonb, public.sync_source, uuid, text, uuid, uuid, uuid, uuid, boolean, boolean)
  to service_role;
grant execute on function public.link_synced_client(uuid, uuid, public.sync_source) to service_role;
grant execute on function public.compare_clients_with_source(jsonb, uuid, uuid, integer) to service_role;
grant execute on function public.adopt_client_for_booking(uuid, uuid, jsonb) to service_role;
