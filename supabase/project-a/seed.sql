-- Demo practice: two therapists (password: carebridge-demo), a handful of
-- native clients on their care teams, and a few sessions around today.

-- GoTrue reads the token columns as plain strings and cannot sign in a user
-- whose columns are NULL (500 "Database error querying schema"), so they are
-- written as '' like GoTrue writes them; its schema defaults the other ones to ''.
insert into auth.users (instance_id, id, aud, role, email, encrypted_password, email_confirmed_at,
                        confirmation_token, recovery_token, email_change_token_new, email_change,
                        raw_app_meta_data, raw_user_meta_data, created_at, updated_at)
values
  ('00000000-0000-0000-0000-000000000000', 'a0000000-0000-4000-8000-000000000001', 'authenticated', 'authenticated',
   'dr.rivera@carebridge.test', extensions.crypt('carebridge-demo', extensions.gen_salt('bf', 10)), now(),
   '', '', '', '',
   '{"provider": "email", "providers": ["email"]}',
   '{"full_name": "Dr. Ana Rivera", "time_zone": "Europe/London"}', now(), now()),
  ('00000000-0000-0000-0000-000000000000', 'a0000000-0000-4000-8000-000000000002', 'authenticated', 'authenticated',
   'dr.chen@carebridge.test', extensions.crypt('carebridge-demo', extensions.gen_salt('bf', 10)), now(),
   '', '', '', '',
   '{"provider": "email", "providers": ["email"]}',
   '{"full_name": "Dr. Wei Chen", "time_zone": "America/New_York"}', now(), now());

insert into auth.identities (provider_id, user_id, identity_data, provider, created_at, updated_at)
select id::text, id, jsonb_build_object('sub', id::text, 'email', email, 'email_verified', true), 'email', now(), now()
from auth.users;

-- Both are members of the practice; Rivera administers it.
insert into public.practice_members (user_id, display_name, time_zone, role) values
  ('a0000000-0000-4000-8000-000000000001', 'Dr. Ana Rivera', 'Europe/London', 'admin'),
  ('a0000000-0000-4000-8000-000000000002', 'Dr. Wei Chen', 'America/New_York', 'therapist');

insert into public.clients (id, full_name, email, phone, date_of_birth, notes, origin, created_by) values
  ('c0000000-0000-4000-8000-000000000001', 'Maya Okafor', 'maya.okafor@example.com', '+44 20 7946 0011', '1988-03-14',
   'Prefers morning sessions.', 'native', 'a0000000-0000-4000-8000-000000000001'),
  ('c0000000-0000-4000-8000-000000000002', 'Tomás Herrera', 'tomas.herrera@example.com', '+44 20 7946 0012', '1979-11-02',
   null, 'native', 'a0000000-0000-4000-8000-000000000001'),
  ('c0000000-0000-4000-8000-000000000003', 'Grace Lindqvist', 'grace.l@example.com', null, '1995-07-21',
   'Referred by GP.', 'native', 'a0000000-0000-4000-8000-000000000001'),
  ('c0000000-0000-4000-8000-000000000004', 'Samuel Adeyemi', 'sam.adeyemi@example.com', '+1 212 555 0104', '1990-01-30',
   null, 'native', 'a0000000-0000-4000-8000-000000000002'),
  ('c0000000-0000-4000-8000-000000000005', 'Priya Raman', 'priya.raman@example.com', '+1 212 555 0105', '1984-09-09',
   'Couples work with partner.', 'native', 'a0000000-0000-4000-8000-000000000002');

insert into public.care_team (therapist_id, client_id)
select created_by, id from public.clients;

insert into public.sessions (client_id, therapist_id, starts_at, duration_minutes, session_type, status, notes) values
  ('c0000000-0000-4000-8000-000000000001', 'a0000000-0000-4000-8000-000000000001',
   date_trunc('hour', now()) - interval '7 days', 50, 'individual', 'completed', 'Reviewed sleep diary.'),
  ('c0000000-0000-4000-8000-000000000001', 'a0000000-0000-4000-8000-000000000001',
   date_trunc('hour', now()) + interval '2 days', 50, 'individual', 'scheduled', null),
  ('c0000000-0000-4000-8000-000000000002', 'a0000000-0000-4000-8000-000000000001',
   date_trunc('hour', now()) + interval '3 days 2 hours', 60, 'intake', 'scheduled', null),
  ('c0000000-0000-4000-8000-000000000004', 'a0000000-0000-4000-8000-000000000002',
   date_trunc('hour', now()) + interval '1 day', 50, 'individual', 'scheduled', null),
  ('c0000000-0000-4000-8000-000000000005', 'a0000000-0000-4000-8000-000000000002',
   date_trunc('hour', now()) - interval '2 days', 80, 'couples', 'completed', null);
