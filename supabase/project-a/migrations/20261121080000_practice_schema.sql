-- Project A: the practice. Clients, the care team that links therapists to
-- clients, and therapy sessions. Access follows the care team, not authorship:
-- one Project B person can be booked by several therapists, and each of them
-- must see that client while seeing only their own sessions.

create extension if not exists pg_trgm with schema extensions;

create type public.client_origin as enum ('native', 'project_b');
create type public.client_status as enum ('active', 'inactive', 'discharged');
create type public.session_status as enum ('scheduled', 'completed', 'cancelled', 'no_show');
create type public.session_type as enum ('intake', 'individual', 'couples', 'family', 'group');

create function public.touch_updated_at() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  new.updated_at := now();
  return new;
end;
$$;

create table public.clients (
  id uuid primary key default gen_random_uuid(),
  full_name text not null check (char_length(btrim(full_name)) between 1 and 200),
  email text check (email ~ '^[^@[:space:]]+@[^@[:space:]]+$' and char_length(email) <= 320),
  phone text check (char_length(phone) <= 40),
  date_of_birth date check (date_of_birth > '1900-01-01'),
  notes text check (char_length(notes) <= 5000),
  status public.client_status not null default 'active',
  -- Provenance: where the row came from and how fresh the copy is.
  origin public.client_origin not null default 'native',
  synced_at timestamptz,
  source_updated_at timestamptz,
  created_by uuid references auth.users (id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint synced_clients_record_when check (origin = 'native' or synced_at is not null)
);
comment on column public.clients.id is 'For origin = project_b, the same UUID as the person in Project B.';

create index clients_email_lower_idx on public.clients (lower(email));
create index clients_full_name_trgm_idx on public.clients using gin (full_name extensions.gin_trgm_ops);
create trigger clients_touch_updated_at before update on public.clients
  for each row execute function public.touch_updated_at();

create table public.care_team (
  therapist_id uuid not null references auth.users (id) on delete cascade,
  client_id uuid not null references public.clients (id) on delete cascade,
  created_at timestamptz not null default now(),
  primary key (therapist_id, client_id)
);
create index care_team_client_id_idx on public.care_team (client_id);

create table public.sessions (
  id uuid primary key default gen_random_uuid(),
  client_id uuid not null references public.clients (id) on delete restrict,
  therapist_id uuid not null references auth.users (id) on delete restrict,
  starts_at timestamptz not null,
  duration_minutes integer not null check (duration_minutes between 15 and 240),
  session_type public.session_type not null default 'individual',
  status public.session_status not null default 'scheduled',
  notes text check (char_length(notes) <= 2000),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  -- A session can only exist for a client on the therapist's care team. This is
  -- also what tells a booking that the client still has to be copied or linked.
  constraint sessions_care_team_fkey foreign key (therapist_id, client_id)
    references public.care_team (therapist_id, client_id)
);
create index sessions_therapist_starts_idx on public.sessions (therapist_id, starts_at, id);
create index sessions_client_starts_idx on public.sessions (client_id, starts_at);
create trigger sessions_touch_updated_at before update on public.sessions
  for each row execute function public.touch_updated_at();

-- Row level security ---------------------------------------------------------

alter table public.clients enable row level security;
alter table public.care_team enable row level security;
alter table public.sessions enable row level security;

revoke all on public.clients, public.care_team, public.sessions from anon;
revoke insert, update, delete, truncate on public.clients, public.care_team from authenticated;
revoke update, delete, truncate on public.sessions from authenticated;
-- Columns a therapist may change; ids, ownership and provenance are not among them.
grant update (full_name, email, phone, date_of_birth, notes, status) on public.clients to authenticated;
grant update (starts_at, duration_minutes, session_type, status, notes) on public.sessions to authenticated;

create policy "therapists see their care-team links"
  on public.care_team for select to authenticated
  using (therapist_id = (select auth.uid()));

create policy "therapists see clients on their care team"
  on public.clients for select to authenticated
  using (id in (select client_id from public.care_team where therapist_id = (select auth.uid())));

create policy "therapists edit clients on their care team"
  on public.clients for update to authenticated
  using (id in (select client_id from public.care_team where therapist_id = (select auth.uid())))
  with check (id in (select client_id from public.care_team where therapist_id = (select auth.uid())));

create policy "therapists see their own sessions"
  on public.sessions for select to authenticated
  using (therapist_id = (select auth.uid()));

-- The care-team foreign key makes sure the client is linked to this therapist.
create policy "therapists book their own sessions"
  on public.sessions for insert to authenticated
  with check (therapist_id = (select auth.uid()));

create policy "therapists update their own sessions"
  on public.sessions for update to authenticated
  using (therapist_id = (select auth.uid()))
  with check (therapist_id = (select auth.uid()));

-- Name and e-mail of a synced client belong to Project B; a sync refreshes
-- them, so an edit in A would be silently lost. Only the server's sync may change them.
create function public.keep_source_owned_fields() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if old.origin = 'project_b'
     and (new.full_name is distinct from old.full_name or new.email is distinct from old.email)
     and current_user in ('authenticated', 'anon') then
    raise exception 'name and e-mail of a client synced from Project B are managed there'
      using errcode = '42501';
  end if;
  return new;
end;
$$;
create trigger clients_keep_source_owned_fields before update on public.clients
  for each row execute function public.keep_source_owned_fields();

-- A therapist creates a native client and joins its care team in one step; a
-- plain INSERT could not return the row, since RLS hides it until the link exists.
create function public.create_native_client(
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
  if therapist is null then
    raise exception 'sign in to create a client' using errcode = '42501';
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
revoke execute on function public.create_native_client(text, text, text, date, text) from public, anon;
grant execute on function public.create_native_client(text, text, text, date, text) to authenticated;
