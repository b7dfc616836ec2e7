import type { ProjectBClient } from '@/lib/supabase/admin';
import type { Database as ProjectADatabase } from '@/lib/database/project-a.types';

/** A person as Project B knows them: the profile plus the e-mail from B's auth users. */
export interface SourcePerson {
  id: string;
  name: string | null;
  email: string | null;
  age: number | null;
  genderIdentity: string | null;
  profileUpdatedAt: string;
}

export type SourceLookup =
  | { status: 'found'; person: SourcePerson }
  | { status: 'not_found' }
  | { status: 'unavailable'; reason: string };

const PROFILE_COLUMNS = 'id, name, age, gender_identity, updated_at';

/**
 * Reads one person from Project B. Profile and e-mail are fetched at once, so
 * the lookup costs one round trip; the B client's own timeout bounds it.
 */
export async function fetchSourcePerson(projectB: ProjectBClient, id: string): Promise<SourceLookup> {
  const [profile, account] = await Promise.all([
    projectB.from('profiles').select(PROFILE_COLUMNS).eq('id', id).maybeSingle(),
    projectB.auth.admin.getUserById(id),
  ]);
  if (profile.error) return { status: 'unavailable', reason: `profiles: ${profile.error.message}` };
  if (account.error) {
    if (account.error.status === 404) return { status: 'not_found' };
    return { status: 'unavailable', reason: `auth: ${account.error.message}` };
  }
  const user = account.data.user;
  // A profile is made for every sign-up; one without an auth user is a deleted account.
  if (!user) return { status: 'not_found' };
  return {
    status: 'found',
    person: {
      id,
      name: profile.data?.name ?? null,
      email: user.email ?? null,
      age: profile.data?.age ?? null,
      genderIdentity: profile.data?.gender_identity ?? null,
      profileUpdatedAt: profile.data?.updated_at ?? user.updated_at ?? user.created_at,
    },
  };
}

type ClientInsert = ProjectADatabase['public']['Tables']['clients']['Insert'];

export function displayNameOf(person: Pick<SourcePerson, 'name' | 'email'>): string {
  const name = person.name?.trim();
  if (name) return name;
  return person.email?.split('@')[0] || 'Unnamed person';
}

export function syncedNotes(person: Pick<SourcePerson, 'age' | 'genderIdentity'>): string {
  const details = [person.age !== null ? `age ${person.age}` : null, person.genderIdentity].filter(Boolean);
  return details.length ? `Synced from Project B (${details.join(', ')})` : 'Synced from Project B';
}

/**
 * The A row for a B person, same UUID. Name and e-mail are B's; phone, date of
 * birth and notes belong to the practice from here on (a refresh never touches them).
 */
export function clientRowFromSource(person: SourcePerson, syncedAt: string): ClientInsert {
  return {
    id: person.id,
    full_name: displayNameOf(person),
    email: person.email,
    phone: null,
    date_of_birth: null,
    notes: syncedNotes(person),
    origin: 'project_b',
    synced_at: syncedAt,
    source_updated_at: person.profileUpdatedAt,
  };
}
