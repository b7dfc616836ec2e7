import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { serviceClientsFor } from '@/lib/testing/demo';
import { partnerProfileUpdater, signUpPartnerPerson, type NewPartnerPerson, type PartnerProfile } from '@/lib/testing/partner-sign-ups';
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

export interface NewTherapist {
  id: string;
  email: string;
  name: string;
  password: string;
}

/** A Project A account the practice has not added: what a stranger's sign-up, or a forgotten account, looks like. */
export async function createAccount(label = 'e2e'): Promise<NewTherapist> {
  const { projectA } = serviceClientsFor(e2eStack());
  const tag = randomUUID().slice(0, 8);
  const who = { email: `dr.${label}-${tag}@carebridge.test`, name: `Dr. ${label} ${tag}`, password: `${label}-pass-${tag}` };
  const { data, error } = await projectA.auth.admin.createUser({ email: who.email, password: who.password, email_confirm: true });
  if (error || !data.user) throw new Error(`A createUser failed: ${error?.message}`);
  return { id: data.user.id, ...who };
}

/**
 * A therapist account of its own, with an active practice membership (written
 * with the service role, as the team page does), for a spec that signs in or
 * out or changes the membership: signing out ends every session of that user
 * (GoTrue's default global scope), so a demo therapist signing out would sign
 * the other specs' saved states out too.
 */
export async function createTherapist(role: 'therapist' | 'admin' = 'therapist'): Promise<NewTherapist> {
  const account = await createAccount(role === 'admin' ? 'admin' : 'e2e');
  const { projectA } = serviceClientsFor(e2eStack());
  const { error } = await projectA
    .from('practice_members')
    .insert({ user_id: account.id, display_name: account.name, time_zone: 'Europe/London', role });
  if (error) throw new Error(`practice_members insert failed: ${error.message}`);
  return account;
}

/** Turns a membership off or on with the service role, as an admin's deactivation does. */
export async function setMembershipActive(userId: string, active: boolean): Promise<void> {
  const { projectA } = serviceClientsFor(e2eStack());
  const { error } = await projectA.from('practice_members').update({ active }).eq('user_id', userId);
  if (error) throw new Error(`practice_members update failed: ${error.message}`);
}
