import type { Json } from '@/lib/database/project-a.types';
import type { ProjectAClient, ProjectBClient } from '@/lib/supabase/admin';
import { fetchSourcePerson, syncRowFromSource, type SourceLookup } from './source-person';
import { batchCountsFromJson } from './sync-report';

export interface SyncClients {
  projectA: ProjectAClient;
  projectB: ProjectBClient;
}

/**
 * - copied: this call copied the B person into A
 * - already_synced: the person was already in A (someone copied them earlier)
 * - race_tolerated: another request copied them between our look and our insert
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
 * Only the booking's slow path comes here, and the audit adds no round trip:
 * the copy, the e-mail conflict check, the care-team link and their audit rows
 * are one call of sync_clients_from_source (the bulk sync's own rules; before,
 * the copy and the link were two requests), and joining an already-synced
 * client is one call of link_synced_client (before, one insert).
 * Every step is idempotent, so a retry after any failure converges.
 */
export async function ensureClientOnCareTeam(clients: SyncClients, therapistId: string, clientId: string): Promise<EnsureResult> {
  const { projectA, projectB } = clients;
  // Ask B at once: if A lacks the person, the answer is already on its way.
  const source = lookUpSource(projectB, clientId);

  const existing = await projectA.from('clients').select('id, origin').eq('id', clientId).maybeSingle();
  if (existing.error) return { status: 'failed', reason: `clients lookup: ${existing.error.message}` };

  if (existing.data) {
    // Another therapist's native client is private to their care team: only
    // people who came from Project B can be joined by booking them.
    if (existing.data.origin !== 'project_b') return { status: 'not_found' };
    const linked = await projectA.rpc('link_synced_client', { client: clientId, therapist: therapistId, source: 'booking' });
    if (linked.error) return { status: 'failed', reason: `care team link: ${linked.error.message}` };
    return { status: 'ready', outcome: 'already_synced' };
  }

  const lookup = await source;
  if (lookup.status === 'not_found') return { status: 'not_found' };
  if (lookup.status === 'unavailable') return { status: 'source_unavailable', reason: lookup.reason };
  const synced = await projectA.rpc('sync_clients_from_source', {
    batch: [syncRowFromSource(lookup.person)] as unknown as Json,
    source: 'booking',
    actor: therapistId,
    link_therapist: therapistId,
  });
  if (synced.error) return { status: 'failed', reason: `client copy: ${synced.error.message}` };
  const counts = batchCountsFromJson(synced.data);
  // A practice client holding this UUID is not someone a booking may take over.
  if (counts.errors > 0) return { status: 'not_found' };
  // Not created by us: a parallel booking or sync copied the person first (ON CONFLICT DO NOTHING).
  return { status: 'ready', outcome: counts.created === 1 ? 'copied' : 'race_tolerated' };
}
