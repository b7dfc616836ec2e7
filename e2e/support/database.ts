import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { serviceClientsFor } from '@/lib/testing/demo';
import { addToPractice, createPracticeAccount, setMemberActive, type MemberRole, type PracticeAccount } from '@/lib/testing/practice-members';
import {
  generatePartnerPeopleWith,
  partnerProfileUpdater,
  signUpPartnerPerson,
  type GeneratedPerson,
  type NewPartnerPerson,
  type PartnerProfile,
} from '@/lib/testing/partner-sign-ups';
import { createProjectAUserClient } from '@/lib/testing/user-client';
import { freePort } from '@/supabase/local/ports';
import { startProjectGateway } from '@/supabase/local/project-gateway';
import { e2eStack } from './stack-file';

/** Superuser SQL against the stack the e2e app server started, for checks the UI cannot show. */
export async function queryProject<Row extends pg.QueryResultRow>(project: 'a' | 'b', text: string, values: unknown[] = []): Promise<Row[]> {
  const client = new pg.Client({ connectionString: e2eStack()[project].dbUrl });
  await client.connect();
  try {
    return (await client.query<Row>(text, values)).rows;
  } finally {
    await client.end();
  }
}

/** A fresh Project B sign-up for one spec, made as lib/testing makes them for the integration tests. */
export function createPartnerPerson(profile: PartnerProfile = {}): Promise<NewPartnerPerson> {
  const { projectB } = serviceClientsFor(e2eStack());
  return signUpPartnerPerson(
    projectB,
    profile,
    partnerProfileUpdater((text, values) => queryProject('b', text, values)),
  );
}

/** A Project A account the practice has not added: what a stranger's account looks like to the app. */
export function createAccount(label = 'dr.e2e'): Promise<PracticeAccount> {
  return createPracticeAccount(serviceClientsFor(e2eStack()).projectA, label);
}

/**
 * A therapist account of its own, with an active membership, for a spec that
 * signs in or out or changes the membership: signing out ends every session of
 * that user (GoTrue's default global scope), so a demo therapist signing out
 * would sign the other specs' saved states out too.
 */
export async function createTherapist(role: MemberRole = 'therapist'): Promise<PracticeAccount> {
  const account = await createAccount(role === 'admin' ? 'dr.admin' : 'dr.e2e');
  await addToPractice(serviceClientsFor(e2eStack()).projectA, account, role);
  return account;
}

/** Deactivates or reactivates a member, as an admin does. */
export function setMembershipActive(userId: string, active: boolean): Promise<void> {
  return setMemberActive(serviceClientsFor(e2eStack()).projectA, userId, active);
}

/** A client of `therapistId`'s care team, written with superuser SQL as a sync or a booking would leave it. */
export async function createClientOnCareTeam(
  therapistId: string,
  client: { id?: string; name: string; origin?: 'native' | 'project_b' },
): Promise<string> {
  const origin = client.origin ?? 'native';
  const [row] = await queryProject<{ id: string }>(
    'a',
    `insert into public.clients (id, full_name, phone, notes, origin, synced_at, created_by)
     values (coalesce($1::uuid, gen_random_uuid()), $2, '+44 20 7946 0999', 'Private notes', $3::public.client_origin,
             case when $3 = 'project_b' then now() end, case when $3 = 'native' then $4::uuid end)
     returning id`,
    [client.id ?? null, client.name, origin, therapistId],
  );
  if (!row) throw new Error('client insert returned nothing');
  await queryProject('a', 'insert into public.care_team (therapist_id, client_id) values ($1, $2)', [therapistId, row.id]);
  return row.id;
}

/**
 * Signs someone up on Project A as anyone could where "Allow new users to sign
 * up" is on: the e2e stack's A refuses sign-ups, so this goes through a second
 * gateway over the same database with sign-ups on, and stops it again.
 */
export async function selfSignUp(): Promise<{ id: string; email: string; password: string; accessToken: string }> {
  const { a } = e2eStack();
  const gateway = await startProjectGateway({
    port: await freePort(),
    keys: a,
    signing: a.jwtSigning,
    dbUrl: a.dbUrl,
    postgrestSocket: a.postgrestSocket,
    disableSignup: false,
  });
  try {
    const account = { email: `stranger-${randomUUID().slice(0, 8)}@example.com`, password: `stranger-${randomUUID().slice(0, 8)}` };
    const { data, error } = await createProjectAUserClient(gateway.url, a.publishableKey).auth.signUp(account);
    if (error || !data.user || !data.session) throw new Error(`self sign-up failed: ${error?.message}`);
    return { id: data.user.id, ...account, accessToken: data.session.access_token };
  } finally {
    await gateway.stop();
  }
}

/** Many Project B sign-ups at once, straight into the e2e stack's B. */
export function createPartnerPeople(count: number, label: string): Promise<GeneratedPerson[]> {
  return generatePartnerPeopleWith((text, values) => queryProject<GeneratedPerson>('b', text, values), count, label);
}
