import type { ProjectAClient } from '@/lib/supabase/clients';
import { createPracticeAccount, signInToProjectA } from './practice-members';
import type { StackConnection } from './stack';

export interface TestMember {
  id: string;
  email: string;
  password: string;
  /** A fresh client signed in as this member through the auth API. */
  signIn(): Promise<ProjectAClient>;
}

/**
 * An auth account of its own (createPracticeAccount) and, unless `role` is null, a membership row
 * with the options the team tests vary, both written with the service role, so no test leans on
 * the seeded team.
 */
export async function createTestMember(
  connection: StackConnection,
  projectA: ProjectAClient,
  options: { role: 'admin' | 'therapist' | null; active?: boolean; mustChoosePassword?: boolean; timeZone?: string; label?: string },
): Promise<TestMember> {
  const account = await createPracticeAccount(projectA, options.label ?? 'member');
  const { id, email, password } = account;
  if (options.role) {
    const { error } = await projectA.from('practice_members').insert({
      user_id: id,
      display_name: account.name,
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
    signIn: () => signInToProjectA(connection.a, account),
  };
}
