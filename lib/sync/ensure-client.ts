import type { ProjectAClient, ProjectBClient } from '@/lib/supabase/admin';
import { hasCode, UNIQUE_VIOLATION } from './postgres-errors';
import { clientRowFromSource, fetchSourcePerson, type SourceLookup } from './source-person';

export interface SyncClients {
  projectA: ProjectAClient;
  projectB: ProjectBClient;
}

/**
 * - copied: this call copied the B person into A
 * - already_synced: the person was already in A (someone copied them earlier)
 * - race_tolerated: another request copied them between our look and our insert (23505)
 */
export type EnsureOutcome = 'copied' | 'already_synced' | 'race_tolerated';

export type EnsureResult =
  | { status: 'ready'; outcome: EnsureOutcome }
  | { status: 'not_found' }
  | { status: 'source_unavailable'; reason: string }
  | { status: 'failed'; reason: string };

async function lookUpSource(projectB: ProjectBClient, clientId: string): Promise<SourceLookup> {
  try {
    return await fetchSourcePerson(projectB, clientId);
  } catch (error) {
    return { status: 'unavailable', reason: error instanceof Error ? error.message : String(error) };
  }
}

/**
 * Makes sure `clientId` exists in Project A and is on the therapist's care team,
 * copying the person from Project B with the same UUID when A does not have them.
 * Every step is idempotent, so a retry after any failure converges.
 */
export async function ensureClientOnCareTeam(clients: SyncClients, therapistId: string, clientId: string): Promise<EnsureResult> {
  const { projectA, projectB } = clients;
  // Ask B at once: if A lacks the person, the answer is already on its way.
  const source = lookUpSource(projectB, clientId);

  const existing = await projectA.from('clients').select('id, origin').eq('id', clientId).maybeSingle();
  if (existing.error) return { status: 'failed', reason: `clients lookup: ${existing.error.message}` };

  let outcome: EnsureOutcome;
  if (existing.data) {
    // Another therapist's native client is private to their care team: only
    // people who came from Project B can be joined by booking them.
    if (existing.data.origin !== 'project_b') return { status: 'not_found' };
    outcome = 'already_synced';
  } else {
    const lookup = await source;
    if (lookup.status === 'not_found') return { status: 'not_found' };
    if (lookup.status === 'unavailable') return { status: 'source_unavailable', reason: lookup.reason };
    const inserted = await projectA.from('clients').insert(clientRowFromSource(lookup.person, new Date().toISOString()));
    if (hasCode(inserted.error, UNIQUE_VIOLATION)) outcome = 'race_tolerated';
    else if (inserted.error) return { status: 'failed', reason: `client copy: ${inserted.error.message}` };
    else outcome = 'copied';
  }

  const link = await projectA.from('care_team').insert({ therapist_id: therapistId, client_id: clientId });
  // 23505: the link exists already (a parallel booking by the same therapist made it).
  if (link.error && !hasCode(link.error, UNIQUE_VIOLATION)) return { status: 'failed', reason: `care team link: ${link.error.message}` };
  return { status: 'ready', outcome };
}
