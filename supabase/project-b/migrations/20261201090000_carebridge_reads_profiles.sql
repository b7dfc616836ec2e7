-- The one thing CareBridge needs from Project B's owner: read access to
-- profiles for B's service role (README, "Settings"). Without it every read of
-- a B person fails with 42501 and CareBridge says which grant is missing.
grant select on public.profiles to service_role;
