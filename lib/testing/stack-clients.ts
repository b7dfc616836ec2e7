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
  await updatePartnerProfile(data.user.id, { name, age: profile.age ?? 30, gender_identity: profile.genderIdentity ?? null });
  return { id: data.user.id, email, name };
}

/**
 * Changes a B profile as the partner app would, straight in B's database:
 * CareBridge's key for B may only read profiles (README, "Settings").
 */
export async function updatePartnerProfile(
  id: string,
  changes: { name?: string | null; age?: number | null; gender_identity?: string | null },
): Promise<void> {
  const columns = Object.keys(changes);
  const assignments = columns.map((column, i) => `${pg.escapeIdentifier(column)} = $${i + 2}`).join(', ');
  const updated = await sql('b', `update public.profiles set ${assignments} where id = $1 returning id`, [id, ...Object.values(changes)]);
  if (updated.length !== 1) throw new Error(`B profile ${id} not found`);
}

let minuteOffset = 0;
/** Distinct future start times, so sessions from different tests never look alike. */
export function nextStartTime(): string {
  minuteOffset += 1;
  return new Date(Date.UTC(2031, 0, 1, 9, 0) + minuteOffset * 60_000 + Math.floor(Math.random() * 1e6) * 3_600_000).toISOString();
}

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
