import { randomUUID } from 'node:crypto';
import type { ProjectAClient } from '@/lib/supabase/clients';
import { createProjectAUserClient } from './user-client';

export interface PracticeAccount {
  id: string;
  email: string;
  name: string;
  password: string;
}

export type MemberRole = 'therapist' | 'admin';

/**
 * A confirmed Project A account made through the auth admin API, as an admin
 * adds a therapist; on its own it is no member of the practice, which is what
 * a stranger's account, or one nobody added yet, looks like.
 */
export async function createPracticeAccount(projectA: ProjectAClient, label: string): Promise<PracticeAccount> {
  const tag = randomUUID().slice(0, 8);
  const who = { email: `${label}-${tag}@carebridge.test`, name: `${label} ${tag}`, password: `${label}-pass-${tag}` };
  const { data, error } = await projectA.auth.admin.createUser({ email: who.email, password: who.password, email_confirm: true });
  if (error || !data.user) throw new Error(`A createUser failed: ${error?.message}`);
  return { id: data.user.id, ...who };
}

/** Makes the account an active member, written with the service role as the team page writes it. */
export async function addToPractice(projectA: ProjectAClient, account: PracticeAccount, role: MemberRole = 'therapist'): Promise<void> {
  const { error } = await projectA
    .from('practice_members')
    .insert({ user_id: account.id, display_name: account.name, time_zone: 'Europe/London', role });
  if (error) throw new Error(`practice_members insert failed: ${error.message}`);
}

/** Deactivates or reactivates a member with the service role, as an admin's change does. */
export async function setMemberActive(projectA: ProjectAClient, userId: string, active: boolean): Promise<void> {
  const { data, error } = await projectA.from('practice_members').update({ active }).eq('user_id', userId).select('user_id');
  if (error || data.length !== 1) throw new Error(`practice_members update failed: ${error?.message ?? 'no such member'}`);
}

/** Signs `account` in on the Project A behind `url` (a test stack's, or another gateway over it). */
export async function signInToProjectA(
  project: { url: string; publishableKey: string },
  account: { email: string; password: string },
): Promise<ProjectAClient> {
  const client = createProjectAUserClient(project.url, project.publishableKey);
  const { error } = await client.auth.signInWithPassword(account);
  if (error) throw new Error(`sign-in as ${account.email} failed: ${error.message}`);
  return client;
}
