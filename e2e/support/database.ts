import pg from 'pg';
import { serviceClientsFor } from '@/lib/testing/demo';
import { addToPractice, createPracticeAccount, setMemberActive, type MemberRole, type PracticeAccount } from '@/lib/testing/practice-members';
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
