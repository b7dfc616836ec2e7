-- Only needed when CareBridge may invite practice clients (PROJECT_B_WRITES=enabled;
-- README, "Settings"). A partner app whose sign-up trigger does not make the
-- profile leaves it to CareBridge, which then writes the id and the name, and
-- nothing else, with B's service role.
grant insert (id, name) on public.profiles to service_role;
