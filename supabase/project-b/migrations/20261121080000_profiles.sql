-- Project B: the partner app's people. A typical Supabase app: one profile per
-- auth user. CareBridge only reads it, with B's service-role key.

create table public.profiles (
  id uuid primary key references auth.users (id) on delete cascade,
  name text check (char_length(name) <= 200),
  age integer check (age between 0 and 150),
  gender_identity text check (char_length(gender_identity) <= 100),
  avatar_url text,
  updated_at timestamptz not null default now()
);
-- Keyset pages for bulk reads, and "changed since" scans.
create index profiles_updated_at_id_idx on public.profiles (updated_at, id);

alter table public.profiles enable row level security;
revoke all on public.profiles from anon;

create policy "people read their own profile"
  on public.profiles for select to authenticated
  using (id = (select auth.uid()));

create policy "people update their own profile"
  on public.profiles for update to authenticated
  using (id = (select auth.uid()))
  with check (id = (select auth.uid()));

create function public.touch_profile() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  new.updated_at := now();
  return new;
end;
$$;
create trigger profiles_touch before update on public.profiles
  for each row execute function public.touch_profile();

-- Every sign-up gets a profile, named from the sign-up metadata when given.
create function public.create_profile_for_new_user() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  insert into public.profiles (id, name)
  values (new.id, nullif(new.raw_user_meta_data ->> 'name', ''))
  on conflict (id) do nothing;
  return new;
end;
$$;
create trigger on_auth_user_created after insert on auth.users
  for each row execute function public.create_profile_for_new_user();
