import type { ProjectBClient } from '@/lib/supabase/clients';
import { hasCode, INSUFFICIENT_PRIVILEGE } from '@/lib/database/postgres-errors';

/**
 * The one thing CareBridge needs from Project B's owner. A Supabase project
 * created since 2026-05-30 grants its service role nothing on new tables, so a
 * partner app made today may not let B's service role read `profiles`.
 */
export const PROFILES_GRANT = 'grant select on public.profiles to service_role;';

/** What the owner runs in B's SQL editor to see whether the grant is there (true when it is). */
export const PROFILES_GRANT_CHECK = "select has_table_privilege('service_role', 'public.profiles', 'select');";

export const PROFILES_GRANT_MISSING =
  "Project B does not let CareBridge read its people's profiles: B's service role has no SELECT privilege on public.profiles. " +
  `Project B's owner can grant it by running this in B's SQL editor: ${PROFILES_GRANT}`;

/** B refused to show its profiles: not an outage, so retrying cannot help; its owner has to act. */
export class SourceGrantMissingError extends Error {
  override name = 'SourceGrantMissingError';

  constructor(readonly detail: string) {
    super(PROFILES_GRANT_MISSING);
  }
}

/** PostgREST answers a missing table privilege with SQLSTATE 42501 ("permission denied for table profiles"). */
export function isPermissionDenied(error: { code?: string } | null | undefined): boolean {
  return hasCode(error, INSUFFICIENT_PRIVILEGE);
}

/**
 * One tiny read of B's profiles, so a bulk sync or a reconciliation learns of
 * a missing grant before it lists every account. Other failures are left to
 * the reads that follow, which retry them.
 */
export async function findMissingProfilesGrant(projectB: ProjectBClient): Promise<SourceGrantMissingError | null> {
  const { error } = await projectB.from('profiles').select('id').limit(1);
  return error && isPermissionDenied(error) ? new SourceGrantMissingError(error.message) : null;
}
