import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import type { ProjectAClient, ProjectBClient, ServiceClients } from '@/lib/supabase/clients';
import { serviceClientsFor, signInAs, type TherapistKey } from './demo';
export { nextStartTime } from './start-times';
export { DEMO_CLIENTS, DEMO_PARTNER_PERSON, DEMO_PASSWORD, THERAPISTS, type TherapistKey } from './demo';
import { addToPractice, createPracticeAccount, signInToProjectA, type MemberRole, type PracticeAccount } from './practice-members';
import { partnerProfileUpdater, signUpPartnerPerson, type NewPartnerPerson, type PartnerProfile } from './partner-sign-ups';
export type { NewPartnerPerson } from './partner-sign-ups';
import './provided-context';

export function stack() {
  return inject('stack');
}

export function serviceClients(): ServiceClients {
  return serviceClientsFor(stack());
}

/** A Project A client signed in as a demo therapist, exactly as the app's users are. */
export function signedInAs(therapist: TherapistKey): Promise<ProjectAClient> {
  return signInAs(stack(), therapist);
}

/** Runs SQL as the superuser on one project's database, for assertions that must see past RLS. */
export async function sql<Row extends pg.QueryResultRow = Record<string, unknown>>(
  project: 'a' | 'b',
  text: string,
  values: unknown[] = [],
): Promise<Row[]> {
  const client = new pg.Client({ connectionString: stack()[project].dbUrl });
  await client.connect();
  try {
    return (await client.query<Row>(text, values)).rows;
  } finally {
    await client.end();
  }
}

/** A fresh person signed up in Project B (auth user + profile), through B's admin API. */
export function createPartnerPerson(projectB: ProjectBClient, profile: PartnerProfile = {}): Promise<NewPartnerPerson> {
  return signUpPartnerPerson(projectB, profile, updatePartnerProfile);
}

/** Changes a B profile as the partner app would (CareBridge's key for B may only read profiles: README, "Settings"). */
export const updatePartnerProfile = partnerProfileUpdater((text, values) => sql('b', text, values));

/** A client in Project A on the given therapists' care teams, written with the service role. */
export async function insertClientOnCareTeam(
  projectA: ProjectAClient,
  row: { id?: string; full_name: string; email?: string | null; origin?: 'native' | 'project_b'; therapists: string[] },
): Promise<string> {
  const id = row.id ?? randomUUID();
  const origin = row.origin ?? 'native';
  const { error } = await projectA.from('clients').insert({
    id,
    full_name: row.full_name,
    email: row.email ?? null,
    origin,
    synced_at: origin === 'project_b' ? '2031-03-04T05:06:07Z' : null,
    created_by: origin === 'native' ? row.therapists[0] : null,
  });
  if (error) throw error;
  for (const therapist of row.therapists) {
    const link = await projectA.from('care_team').insert({ therapist_id: therapist, client_id: id });
    if (link.error) throw link.error;
  }
  return id;
}

/** Signs `account` in on Project A (or another gateway over it) and returns a client acting as them. */
export function signInAccount(account: { email: string; password: string }, url = stack().a.url): Promise<ProjectAClient> {
  return signInToProjectA({ url, publishableKey: stack().a.publishableKey }, account);
}

/** A fresh account of the test's own, made an active member with `role` and signed in. */
export async function signedInMember(label: string, role: MemberRole = 'therapist'): Promise<PracticeAccount & { supabase: ProjectAClient }> {
  const { projectA } = serviceClients();
  const account = await createPracticeAccount(projectA, label);
  await addToPractice(projectA, account, role);
  return { ...account, supabase: await signInAccount(account) };
}
