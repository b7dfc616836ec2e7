-- A partner app created on Supabase today (since 2026-05-30 a new project
-- grants the API roles nothing in public): it grants its own signed-in users
-- what its app does with their profile, under the policies above, and nothing
-- to the service role. This is the Project B CareBridge meets before its owner
-- has run the statement in the next migration.
grant select, update (name, age, gender_identity, avatar_url) on public.profiles to authenticated;
