import type { ProjectAClient, ProjectBClient } from '@/lib/supabase/clients';
import { CHOICE_COLUMNS } from './clients';
import { nameOrEmailFilter, normaliseSearch } from './search-filter';
import { containsPattern } from '@/lib/supabase/filters';
import { isPermissionDenied } from '@/lib/sync/source-access';
import { displayNameOf } from '@/lib/sync/source-person';

export interface PersonOption {
  id: string;
  name: string;
  email: string | null;
  /** practice: on the therapist's care team; project_b: bookable, copied on booking. */
  source: 'practice' | 'project_b';
}

export interface PeopleSearch {
  results: PersonOption[];
  /** Set when Project B could not be asked: practice clients are still listed. */
  notice?: string;
}

export interface SearchClients {
  user: ProjectAClient;
  projectB: ProjectBClient;
}

const LIMIT = 8;

/**
 * The booking picker's search: the therapist's own clients (RLS scopes them)
 * and Project B people who are not on the therapist's care team yet.
 */
export async function searchPeople(clients: SearchClients, query: string): Promise<PeopleSearch> {
  const text = normaliseSearch(query);

  const [practice, partner] = await Promise.all([
    // Starts from the care team, as the client lists do (see lib/clients/clients.ts).
    clients.user
      .from('care_team')
      .select(CHOICE_COLUMNS)
      .is('client.linked_client_id', null)
      .or(nameOrEmailFilter(text), { referencedTable: 'client' })
      .order('client(full_name)')
      .limit(LIMIT),
    clients.projectB
      .from('profiles')
      .select('id, name')
      .ilike('name', containsPattern(text))
      .order('name')
      .limit(LIMIT * 2),
  ]);
  if (practice.error) throw new Error(`practice search failed: ${practice.error.message}`);

  const results: PersonOption[] = practice.data.map(({ client: c }) => ({ id: c.id, name: c.full_name, email: c.email, source: 'practice' }));
  if (partner.error) {
    const notice = isPermissionDenied(partner.error)
      ? 'Project B does not let CareBridge read its people yet, so only your practice clients are listed.'
      : 'Project B is unavailable, so only your practice clients are listed.';
    return { results, notice };
  }

  // People already on this therapist's care team are listed as practice clients, not twice.
  const candidateIds = partner.data.map((p) => p.id);
  const linked = candidateIds.length ? await clients.user.from('clients').select('id').in('id', candidateIds) : { data: [], error: null };
  if (linked.error) throw new Error(`care team check failed: ${linked.error.message}`);
  const linkedIds = new Set(linked.data.map((row) => row.id));
  const fresh = partner.data.filter((p) => !linkedIds.has(p.id)).slice(0, LIMIT);

  const accounts = await Promise.all(fresh.map((p) => clients.projectB.auth.admin.getUserById(p.id)));
  fresh.forEach((person, index) => {
    const email = accounts[index]?.data.user?.email ?? null;
    results.push({ id: person.id, name: displayNameOf({ name: person.name, email }), email, source: 'project_b' });
  });
  return { results };
}
