import { randomUUID } from 'node:crypto';
import pg from 'pg';
import type { ProjectBClient } from '@/lib/supabase/clients';

export interface NewPartnerPerson {
  id: string;
  email: string;
  name: string | null;
}

export interface PartnerProfile {
  name?: string | null;
  age?: number;
  genderIdentity?: string;
  email?: string;
}

export type PartnerProfileChanges = { name?: string | null; age?: number | null; gender_identity?: string | null };

export type UpdatePartnerProfile = (id: string, changes: PartnerProfileChanges) => Promise<void>;

/**
 * Changes B profiles as the partner app would, straight in B's database through `queryB`
 * (superuser SQL on B, however the caller reaches it): CareBridge's key for B may only read them.
 */
export function partnerProfileUpdater(queryB: (text: string, values: unknown[]) => Promise<unknown[]>): UpdatePartnerProfile {
  return async (id, changes) => {
    const columns = Object.keys(changes);
    const assignments = columns.map((column, i) => `${pg.escapeIdentifier(column)} = $${i + 2}`).join(', ');
    const updated = await queryB(`update public.profiles set ${assignments} where id = $1 returning id`, [id, ...Object.values(changes)]);
    if (updated.length !== 1) throw new Error(`B profile ${id} not found`);
  };
}

/**
 * One fresh person signed up in Project B (auth user + profile): the account
 * through B's admin API, as the partner app's own sign-up makes it, then the
 * profile filled in by `updateProfile` (straight in B's database). The way to
 * make a B person in tests wherever a handful is enough.
 */
export async function signUpPartnerPerson(
  projectB: ProjectBClient,
  profile: PartnerProfile,
  updateProfile: UpdatePartnerProfile,
): Promise<NewPartnerPerson> {
  const email = profile.email ?? `person-${randomUUID().slice(0, 8)}@partner.test`;
  const { data, error } = await projectB.auth.admin.createUser({ email, password: 'partner-pass', email_confirm: true });
  if (error || !data.user) throw new Error(`B createUser failed: ${error?.message}`);
  const name = profile.name === undefined ? `Partner ${email.split('@')[0]}` : profile.name;
  await updateProfile(data.user.id, { name, age: profile.age ?? 30, gender_identity: profile.genderIdentity ?? null });
  return { id: data.user.id, email, name };
}

/**
 * Project B sign-ups written straight into B's database, for fixtures too big
 * for the admin API (thousands of people in one statement). Each row is what
 * GoTrue itself writes for a confirmed e-mail sign-up: its own instance and
 * audience, and '' (never NULL) in the string columns GoTrue reads, so the
 * admin API can list and read every one of them. B's sign-up trigger then
 * makes the profile, named from `raw_user_meta_data.name`.
 *
 * `people` is a query with the columns id (uuid), email (text), name (text),
 * encrypted_password (text, '' for no password) and created_at (timestamptz).
 * The statement returns the ids it inserted.
 */
export function partnerSignUpsSql(people: string): string {
  return `insert into auth.users (
      instance_id, id, aud, role, email, encrypted_password, email_confirmed_at,
      confirmation_token, recovery_token, email_change_token_new, email_change,
      email_change_token_current, phone_change, phone_change_token, reauthentication_token,
      raw_app_meta_data, raw_user_meta_data, created_at, updated_at)
    select '00000000-0000-0000-0000-000000000000', sign_up.id, 'authenticated', 'authenticated',
           sign_up.email, sign_up.encrypted_password, sign_up.created_at,
           '', '', '', '', '', '', '', '',
           '{"provider": "email", "providers": ["email"]}', jsonb_build_object('name', sign_up.name),
           sign_up.created_at, sign_up.created_at
    from (${people}) as sign_up
    returning id`;
}

export interface GeneratedPerson {
  id: string;
  email: string;
  name: string;
}

export type QueryB<Row> = (text: string, values: unknown[]) => Promise<Row[]>;

/**
 * Many Project B sign-ups at once, straight into B's database (auth user; the
 * sign-up trigger makes the profile, named from the metadata). Far faster than
 * the admin API for bulk fixtures; every call gets its own e-mail prefix.
 */
export async function generatePartnerPeopleWith(queryB: QueryB<GeneratedPerson>, count: number, label = 'bulk'): Promise<GeneratedPerson[]> {
  const prefix = `${label}-${randomUUID().slice(0, 8)}`;
  return queryB(
    `with people as (
       select gen_random_uuid() as id, g, $2 || '-' || g || '@partner.test' as email, 'Person ' || $2 || ' ' || g as name,
              '' as encrypted_password, now() as created_at
       from generate_series(1, $1::int) g
     ),
     created as (${partnerSignUpsSql('select id, email, name, encrypted_password, created_at from people')})
     select p.id::text as id, p.email, p.name from people p join created c using (id) order by p.g`,
    [count, prefix],
  );
}
