-- One session per booking request. Each booking form carries a request id made
-- when the form is first sent; a double click, a retry after a timeout or a
-- replayed POST sends the same id again. The unique constraint makes the
-- database, not the app, decide that only the first of them becomes a session:
-- a repeat that arrives while the first is still uncommitted waits for it and
-- then fails with 23505, and the booking answers it with the session that exists.
--
-- Scoped per therapist, so one therapist's id can never collide with (or
-- reveal) another's. Rows made before this migration, and fixtures written with
-- the service role, carry no request id; NULLs never collide.

alter table public.sessions add column request_id uuid;

alter table public.sessions
  add constraint sessions_therapist_request_key unique (therapist_id, request_id);

comment on column public.sessions.request_id is
  'The booking form''s request id: a repeat of the same request finds this session instead of making a second one.';

-- The booking form sends it; it is never changed afterwards.
grant insert (request_id) on public.sessions to authenticated;
