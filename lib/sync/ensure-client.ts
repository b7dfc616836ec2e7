import type { Json } from '@/lib/database/project-a.types';
import type { ProjectAClient, ProjectBClient } from '@/lib/supabase/admin';
import { fetchSourcePerson, syncRowFromSource, type SourceLookup } from './source-person';

export interface SyncClients {
  projectA: ProjectAClient;
  projectB: ProjectBClient;
}

/**
 * - copied: this call copied the B person into A
 * - already_synced: the person was already in A (someone copied them earlier)
 * - race_tolerated: another request copied them between our look and our insert (the 23505 case)
 */
export type EnsureOutcome = 'copied' | 'already_synced' | 'race_tolerated';

export type EnsureResult =
  | { status: 'ready'; outcome: EnsureOutcome }
  | { status: 'not_found' }
  | { status: 'source_unavailable'; reason: string }
  | { status: 'source_grant_missing'; message: string }
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
 *
 * One read of B (profile and e-mail in parallel), then one call to A:
 * adopt_client_for_booking decides between joining an existing copy, copying
 * (with the bulk sync's rules for conflicts and audit) and refusing a practice's
 * native client. When B is down or no longer has the person, A's copy, if any,
 * is still joined. Every step is idempotent, so a retry converges.
 */
export async function ensureClientOnCareTeam(clients: SyncClients, therapistId: string, clientId: string): Promise<EnsureResult> {
  const lookup = await lookUpSource(clients.projectB, clientId);
  const person = lookup.status === 'found' ? (syncRowFromSource(lookup.person) as unknown as Json) : undefined;

  const adopted = await clients.projectA.rpc('adopt_client_for_booking', { client: clientId, therapist: therapistId, person });
  if (adopted.error) return { status: 'failed', reason: `adopt client: ${adopted.error.message}` };

  switch (adopted.data) {
    case 'copied':
    case 'already_synced':
    case 'race_tolerated':
      return { status: 'ready', outcome: adopted.data };
    case 'not_found':
      return { status: 'not_found' };
    case 'missing':
      if (lookup.status === 'unavailable') return { status: 'source_unavailable', reason: lookup.reason };
      if (lookup.status === 'grant_missing') return { status: 'source_grant_missing', message: lookup.message };
      return { status: 'not_found' };
    default:
      return { status: 'failed', reason: `adopt client: unexpected answer ${String(adopted.data)}` };
  }
}
