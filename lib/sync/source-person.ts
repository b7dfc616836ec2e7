import type { ProjectBClient } from '@/lib/supabase/clients';
import { isPermissionDenied, PROFILES_GRANT_MISSING } from './source-access';

/** A person as Project B knows them: the profile plus the e-mail from B's auth users. */
export interface SourcePerson {
  id: string;
  name: string | null;
  email: string | null;
  age: number | null;
  genderIdentity: string | null;
  profileUpdatedAt: string;
}

/**
 * `ok` says whether the caller got what it asked for, `outcome` which case it
 * is, `detail` why (for the log and the admin's sync page, not for a therapist).
 */
export type SourceLookup =
  | { ok: true; outcome: 'found'; person: SourcePerson }
  | { ok: false; outcome: 'not_found' }
  | { ok: false; outcome: 'source_unavailable'; detail: string }
  /** B's service role may not read profiles; `detail` names the grant B's owner must add. */
  | { ok: false; outcome: 'source_grant_missing'; detail: string };

export const PROFILE_COLUMNS = 'id, name, age, gender_identity, updated_at';

/** The profile columns CareBridge reads from Project B. */
export interface SourceProfile {
  id: string;
  name: string | null;
  age: number | null;
  gender_identity: string | null;
  updated_at: string;
}

/** What CareBridge keeps of a Project B auth user (GoTrue's admin user object). */
export interface SourceAccount {
  id: string;
  email?: string | null;
  created_at?: string | null;
  updated_at?: string | null;
  deleted_at?: string | null;
}

/** A soft-deleted account keeps its row in B but is gone as far as CareBridge is concerned. */
export function isLiveAccount(account: SourceAccount): boolean {
  return !account.deleted_at;
}

/**
 * One person from an auth user and (when there is one) their profile. The
 * single-person lookup and the bulk sync both come through here, so they agree
 * on every field, including the stamp a refresh compares against.
 */
export function sourcePersonFrom(account: SourceAccount, profile: SourceProfile | null): SourcePerson {
  return {
    id: account.id,
    name: profile?.name ?? null,
    // GoTrue answers '' for a user without an e-mail.
    email: account.email || null,
    age: profile?.age ?? null,
    genderIdentity: profile?.gender_identity ?? null,
    profileUpdatedAt: profile?.updated_at ?? account.updated_at ?? account.created_at ?? new Date(0).toISOString(),
  };
}

/**
 * Reads one person from Project B. Profile and e-mail are fetched at once, so
 * the lookup costs one round trip; the B client's own timeout bounds it. It
 * never throws: a B that cannot be reached is an answer like any other.
 */
export async function fetchSourcePerson(projectB: ProjectBClient, id: string): Promise<SourceLookup> {
  let profile, account;
  try {
    [profile, account] = await Promise.all([
      projectB.from('profiles').select(PROFILE_COLUMNS).eq('id', id).maybeSingle(),
      projectB.auth.admin.getUserById(id),
    ]);
  } catch (error) {
    return { ok: false, outcome: 'source_unavailable', detail: error instanceof Error ? error.message : String(error) };
  }
  if (isPermissionDenied(profile.error)) return { ok: false, outcome: 'source_grant_missing', detail: PROFILES_GRANT_MISSING };
  if (profile.error) return { ok: false, outcome: 'source_unavailable', detail: `profiles: ${profile.error.message}` };
  if (account.error) {
    if (account.error.status === 404) return { ok: false, outcome: 'not_found' };
    return { ok: false, outcome: 'source_unavailable', detail: `auth: ${account.error.message}` };
  }
  const user = account.data.user;
  // A profile is made for every sign-up; one without a live auth user is a deleted account.
  if (!user || !isLiveAccount(user)) return { ok: false, outcome: 'not_found' };
  return { ok: true, outcome: 'found', person: sourcePersonFrom(user, profile.data) };
}

export function displayNameOf(person: Pick<SourcePerson, 'name' | 'email'>): string {
  const name = person.name?.trim();
  if (name) return name;
  return person.email?.split('@')[0] || 'Unnamed person';
}

export function syncedNotes(person: Pick<SourcePerson, 'age' | 'genderIdentity'>): string {
  const details = [person.age !== null ? `age ${person.age}` : null, person.genderIdentity].filter(Boolean);
  return details.length ? `Synced from Project B (${details.join(', ')})` : 'Synced from Project B';
}

/** One row of the batch `sync_clients_from_source` takes: the A fields a sync may write. */
export interface SyncRow {
  id: string;
  full_name: string;
  email: string | null;
  /** Only used when the person is copied; a refresh never touches notes. */
  notes: string;
  source_updated_at: string;
}

/**
 * A B person as the A row a sync may write, same UUID. Name and e-mail are B's;
 * phone, date of birth and notes belong to the practice once copied (a refresh
 * never touches them). The SQL function adds origin and the sync stamps.
 */
export function syncRowFromSource(person: SourcePerson): SyncRow {
  return {
    id: person.id,
    full_name: displayNameOf(person),
    email: person.email,
    notes: syncedNotes(person),
    source_updated_at: person.profileUpdatedAt,
  };
}
