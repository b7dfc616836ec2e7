import { randomUUID } from 'node:crypto';
import { serviceClientsFor } from '@/lib/testing/demo';
import type { NewTherapist } from './database';
import { e2eStack } from './stack-file';

/**
 * A practice admin of the spec's own (an account and an admin membership), so
 * that no spec changes what the seeded team looks like.
 */
export async function createAdmin(): Promise<NewTherapist> {
  const { projectA } = serviceClientsFor(e2eStack());
  const tag = randomUUID().slice(0, 8);
  const who = { email: `admin.e2e-${tag}@carebridge.test`, name: `Admin E2e ${tag}`, password: `e2e-admin-${tag}` };
  const created = await projectA.auth.admin.createUser({ email: who.email, password: who.password, email_confirm: true });
  if (created.error) throw new Error(`A createUser failed: ${created.error.message}`);
  const member = await projectA
    .from('practice_members')
    .insert({ user_id: created.data.user.id, display_name: who.name, time_zone: 'Europe/London', role: 'admin' });
  if (member.error) throw new Error(`A membership insert failed: ${member.error.message}`);
  return { id: created.data.user.id, ...who };
}
