import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { serviceClientsFor } from '@/lib/testing/demo';
import {
  generatePartnerPeopleWith,
  partnerProfileUpdater,
  signUpPartnerPerson,
  type GeneratedPerson,
  type NewPartnerPerson,
  type PartnerProfile,
} from '@/lib/testing/partner-sign-ups';
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

/**
 * A therapist account of its own for a spec that ends sessions: signing out ends every
 * session of that user (GoTrue's default global scope), so a demo therapist signing out
 * would sign the other specs' saved states out too.
 */
export async function createTherapist(): Promise<NewTherapist> {
  const { projectA } = serviceClientsFor(e2eStack());
  const tag = randomUUID().slice(0, 8);
  const who = { email: `dr.e2e-${tag}@carebridge.test`, name: `Dr. E2e ${tag}`, password: `e2e-pass-${tag}` };
  const { data, error } = await projectA.auth.admin.createUser({
    email: who.email,
    password: who.password,
    email_confirm: true,
    user_metadata: { full_name: who.name, time_zone: 'Europe/London' },
  });
  if (error || !data.user) throw new Error(`A createUser failed: ${error?.message}`);
  return { id: data.user.id, ...who };
}

/** Many Project B sign-ups at once, straight into the e2e stack's B. */
export function createPartnerPeople(count: number, label: string): Promise<GeneratedPerson[]> {
  return generatePartnerPeopleWith((text, values) => queryProject<GeneratedPerson>('b', text, values), count, label);
}
