/**
 * Baselines written the simple way: one request at a time, each waiting for
 * the last, no batching, no parallel reads. They do the same work as the code
 * under test, so the ratios show what the real implementation saves.
 */
import type { BookingClients } from '@/lib/booking/create-session';
import { hasCode, UNIQUE_VIOLATION } from '@/lib/database/postgres-errors';
import type { NewSession } from '@/lib/booking/session.schema';
import type { ProjectAClient, ProjectBClient } from '@/lib/supabase/clients';
import { sessionInsertRow } from '@/lib/booking/create-session';

interface Profile {
  name: string | null;
  age: number | null;
  gender_identity: string | null;
  updated_at: string;
}

function naiveClientRow(id: string, profile: Profile | null, email: string | null, updatedAt: string) {
  const name = profile?.name?.trim() || email?.split('@')[0] || 'Unnamed person';
  const details = [profile?.age != null ? `age ${profile.age}` : null, profile?.gender_identity].filter(Boolean);
  return {
    id,
    full_name: name,
    email,
    notes: details.length ? `Synced from Project B (${details.join(', ')})` : 'Synced from Project B',
    origin: 'project_b' as const,
    synced_at: new Date().toISOString(),
    source_updated_at: profile?.updated_at ?? updatedAt,
  };
}

/** Fetch the B profile, then the B user, then insert the client into A. */
async function copyFromB(projectA: ProjectAClient, projectB: ProjectBClient, id: string): Promise<'copied' | 'exists' | 'not_found'> {
  const profile = await projectB.from('profiles').select('name, age, gender_identity, updated_at').eq('id', id).maybeSingle();
  if (profile.error) throw new Error(`B profile: ${profile.error.message}`);
  const account = await projectB.auth.admin.getUserById(id);
  if (account.error?.status === 404 || (!account.error && !account.data.user)) return 'not_found';
  if (account.error) throw new Error(`B user: ${account.error.message}`);
  const user = account.data.user;
  const inserted = await projectA.from('clients').insert(naiveClientRow(id, profile.data, user.email ?? null, user.updated_at ?? user.created_at));
  if (hasCode(inserted.error, UNIQUE_VIOLATION)) return 'exists';
  if (inserted.error) throw new Error(`client insert: ${inserted.error.message}`);
  return 'copied';
}

/**
 * Booking the simple way: select the client; if the therapist cannot see it,
 * copy it from B and link it; then insert the session.
 */
export async function naiveCreateSession(clients: BookingClients, session: NewSession): Promise<'already_linked' | 'copied'> {
  const { user, projectA, projectB } = clients;
  const existing = await user.from('clients').select('id').eq('id', session.clientId).maybeSingle();
  if (existing.error) throw new Error(`client lookup: ${existing.error.message}`);
  let outcome: 'already_linked' | 'copied' = 'already_linked';
  if (!existing.data) {
    const copy = await copyFromB(projectA, projectB, session.clientId);
    if (copy === 'not_found') throw new Error('client not found');
    const link = await projectA.from('care_team').insert({ therapist_id: session.therapistId, client_id: session.clientId });
    if (link.error && !hasCode(link.error, UNIQUE_VIOLATION)) throw new Error(`care team link: ${link.error.message}`);
    outcome = 'copied';
  }
  const inserted = await user.from('sessions').insert(sessionInsertRow(session)).select().single();
  if (inserted.error) throw new Error(`session insert: ${inserted.error.message}`);
  return outcome;
}

export interface NaiveSyncReport {
  scanned: number;
  created: number;
  unchanged: number;
  errors: number;
}

/**
 * Bulk sync the simple way, one person after the other: fetch the profile,
 * fetch the user, look the person up in A, insert when missing.
 */
export async function naiveSyncLoop(projectA: ProjectAClient, projectB: ProjectBClient, ids: readonly string[]): Promise<NaiveSyncReport> {
  const report: NaiveSyncReport = { scanned: 0, created: 0, unchanged: 0, errors: 0 };
  for (const id of ids) {
    report.scanned += 1;
    try {
      const profile = await projectB.from('profiles').select('name, age, gender_identity, updated_at').eq('id', id).maybeSingle();
      if (profile.error) throw new Error(profile.error.message);
      const account = await projectB.auth.admin.getUserById(id);
      if (account.error) throw new Error(account.error.message);
      const user = account.data.user;
      const existing = await projectA.from('clients').select('id').eq('id', id).maybeSingle();
      if (existing.error) throw new Error(existing.error.message);
      if (existing.data) {
        report.unchanged += 1;
        continue;
      }
      const inserted = await projectA
        .from('clients')
        .insert(naiveClientRow(id, profile.data, user.email ?? null, user.updated_at ?? user.created_at));
      if (inserted.error) throw new Error(inserted.error.message);
      report.created += 1;
    } catch {
      report.errors += 1;
    }
  }
  return report;
}
