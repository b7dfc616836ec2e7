-- A partner app's sign-ups: twenty people with profiles. Their UUIDs are what
-- CareBridge keeps when it copies one of them into Project A.

with people (n, email, name, age, gender_identity) as (
  values
    (1, 'jordan.blake@partner.test', 'Jordan Blake', 29, 'non-binary'),
    (2, 'amara.nwosu@partner.test', 'Amara Nwosu', 34, 'woman'),
    (3, 'liam.oconnor@partner.test', 'Liam O''Connor', 41, 'man'),
    (4, 'sofia.marquez@partner.test', 'Sofía Márquez', 26, 'woman'),
    (5, 'kenji.watanabe@partner.test', 'Kenji Watanabe', 38, 'man'),
    (6, 'elena.petrova@partner.test', 'Elena Petrova', 45, 'woman'),
    (7, 'noah.fischer@partner.test', 'Noah Fischer', 22, 'man'),
    (8, 'zainab.hassan@partner.test', 'Zainab Hassan', 31, 'woman'),
    (9, 'river.thompson@partner.test', 'River Thompson', 27, 'genderfluid'),
    (10, 'olga.ivanova@partner.test', 'Olga Ivanova', 52, 'woman'),
    (11, 'mateo.rossi@partner.test', 'Mateo Rossi', 36, 'man'),
    (12, 'hana.kim@partner.test', 'Hana Kim', 24, 'woman'),
    (13, 'david.cohen@partner.test', 'David Cohen', 47, 'man'),
    (14, 'aisha.bello@partner.test', 'Aisha Bello', 33, 'woman'),
    (15, 'finn.larsen@partner.test', 'Finn Larsen', 30, null),
    (16, 'lucia.fernandez@partner.test', 'Lucía Fernández', 39, 'woman'),
    (17, 'omar.haddad@partner.test', 'Omar Haddad', 44, 'man'),
    (18, 'chloe.martin@partner.test', 'Chloé Martin', 28, 'woman'),
    (19, 'ravi.patel@partner.test', 'Ravi Patel', 35, 'man'),
    (20, 'quiet.user@partner.test', null, null, null)
),
new_users as (
  -- '' rather than NULL in the token columns: GoTrue reads them as plain strings.
  insert into auth.users (instance_id, id, aud, role, email, encrypted_password, email_confirmed_at,
                          confirmation_token, recovery_token, email_change_token_new, email_change,
                          raw_app_meta_data, raw_user_meta_data, created_at, updated_at)
  select '00000000-0000-0000-0000-000000000000',
         ('b0000000-0000-4000-8000-' || lpad(n::text, 12, '0'))::uuid,
         'authenticated', 'authenticated', email,
         extensions.crypt('partner-demo', extensions.gen_salt('bf', 4)), now(),
         '', '', '', '',
         '{"provider": "email", "providers": ["email"]}', '{}', now(), now()
  from people
  returning id
)
insert into public.profiles (id, name, age, gender_identity, updated_at)
select ('b0000000-0000-4000-8000-' || lpad(n::text, 12, '0'))::uuid, name, age, gender_identity,
       now() - (n || ' days')::interval
from people
on conflict (id) do update
  set name = excluded.name, age = excluded.age, gender_identity = excluded.gender_identity,
      updated_at = excluded.updated_at;
