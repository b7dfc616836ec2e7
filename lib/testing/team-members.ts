import { randomUUID } from 'node:crypto';
import type { ProjectAClient } from '@/lib/supabase/clients';
import type { StackConnection } from './stack';
import { createProjectAUserClient } from './user-client';

export interface TestMember {
  id: string;
  email: string;
  password: string;
  /** A fresh client signed in as this member through the auth API. */
  signIn(): Promise<ProjectAClient>;
}

/**
 * An auth account of its own and, unless `role` is null, a membership row,
 * both written with the service role, so no test leans on the seeded team.
 */
export async function createTestMember(
  connection: StackConnection,
  projectA: ProjectAClient,
  options: { role: 'admin' | 'therapist' | null; active?: boolean; mustChoosePassword?: boolean; timeZone?: string; label?: string },
): Promise<TestMember> {
  const tag = randomUUID().slice(0, 8);
  const email = `${options.label ?? 'member'}-${tag}@team.test`;
  const password = `pw-${randomUUID()}`;
  const created = await projectA.auth.admin.createUser({ email, password, email_confirm: true });
  if (created.error) throw created.error;
  const id = created.data.user.id;
  if (options.role) {
    const { error } = await projectA.from('practice_members').insert({
      user_id: id,
      display_name: `${options.label ?? 'Member'} ${tag}`,
      time_zone: options.timeZone ?? 'Europe/Berlin',
      role: options.role,
      active: options.active ?? true,
      must_choose_password: options.mustChoosePassword ?? false,
    });
    if (error) throw error;
  }
  return {
    id,
    email,
    password,
    async signIn() {
      const client = createProjectAUserClient(connection.a.url, connection.a.publishableKey);
      const { error } = await client.auth.signInWithPassword({ email, password });
      if (error) throw new Error(`sign-in as ${email} failed: ${error.message}`);
      return client;
    },
  };
}
