import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import type { ProjectAClient, ProjectBClient } from '@/lib/supabase/admin';
import { serviceClientsFor, signInAs, type ServiceClients, type TherapistKey } from './demo';
export { DEMO_PASSWORD, THERAPISTS, type TherapistKey } from './demo';
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

export interface NewPartnerPerson {
  id: string;
  email: string;
  name: string | null;
}

/** A fresh person signed up in Project B (auth user + profile), through B's admin API. */
export async function createPartnerPerson(
  projectB: ProjectBClient,
  profile: { name?: string | null; age?: number; genderIdentity?: string; email?: string } = {},
): Promise<NewPartnerPerson> {
  const email = profile.email ?? `person-${randomUUID().slice(0, 8)}@partner.test`;
  const { data, error } = await projectB.auth.admin.createUser({ email, password: 'partner-pass', email_confirm: true });
  if (error || !data.user) throw new Error(`B createUser failed: ${error?.message}`);
  const name = profile.name === undefined ? `Partner ${email.split('@')[0]}` : profile.name;
  const update = await projectB
    .from('profiles')
    .update({ name, age: profile.age ?? 30, gender_identity: profile.genderIdentity ?? null })
    .eq('id', data.user.id);
  if (update.error) throw new Error(`B profile update failed: ${update.error.message}`);
  return { id: data.user.id, email, name };
}

let minuteOffset = 0;
/** Distinct future start times, so sessions from different tests never look alike. */
export function nextStartTime(): string {
  minuteOffset += 1;
  return new Date(Date.UTC(2031, 0, 1, 9, 0) + minuteOffset * 60_000 + Math.floor(Math.random() * 1e6) * 3_600_000).toISOString();
}
