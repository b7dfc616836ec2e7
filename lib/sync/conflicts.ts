import { hasCode, INSUFFICIENT_PRIVILEGE, NOT_FOUND_OVER_HTTP, OBJECT_NOT_IN_PREREQUISITE_STATE } from '@/lib/database/postgres-errors';
import type { Database } from '@/lib/database/project-a.types';
import type { ProjectAClient } from '@/lib/supabase/clients';
import { isUuid } from '@/lib/ids';

export type ConflictStatus = Database['public']['Enums']['email_conflict_status'];
export type ConflictResolution = Exclude<ConflictStatus, 'open'>;

export interface ConflictSide {
  id: string;
  /** null when the caller may not see this client (it is on another care team). */
  fullName: string | null;
  email: string | null;
}

export interface EmailConflict {
  id: string;
  email: string;
  status: ConflictStatus;
  detectedAt: string;
  detectedVia: Database['public']['Enums']['sync_source'];
  resolvedAt: string | null;
  /** The practice's own client. */
  native: ConflictSide;
  /** The copy of the Project B person (same UUID as in B). */
  synced: ConflictSide;
}

const CONFLICT_COLUMNS = `id, email, status, detected_at, detected_via, resolved_at, native_client_id, synced_client_id,
  native:clients!client_email_conflicts_native_client_id_fkey(id, full_name, email),
  synced:clients!client_email_conflicts_synced_client_id_fkey(id, full_name, email)`;

type ConflictRow = {
  id: string;
  email: string;
  status: ConflictStatus;
  detected_at: string;
  detected_via: Database['public']['Enums']['sync_source'];
  resolved_at: string | null;
  native_client_id: string;
  synced_client_id: string;
  native: { id: string; full_name: string; email: string | null } | null;
  synced: { id: string; full_name: string; email: string | null } | null;
};

function toConflict(row: ConflictRow): EmailConflict {
  return {
    id: row.id,
    email: row.email,
    status: row.status,
    detectedAt: row.detected_at,
    detectedVia: row.detected_via,
    resolvedAt: row.resolved_at,
    native: { id: row.native_client_id, fullName: row.native?.full_name ?? null, email: row.native?.email ?? null },
    synced: { id: row.synced_client_id, fullName: row.synced?.full_name ?? null, email: row.synced?.email ?? null },
  };
}

/**
 * Conflicts the caller may see (RLS: admins all, therapists those touching
 * their care team), newest first. With `clientId`, those of one client, on either side.
 */
export async function listEmailConflicts(
  client: ProjectAClient,
  options: { clientId?: string; status?: ConflictStatus; limit?: number } = {},
): Promise<EmailConflict[]> {
  if (options.clientId !== undefined && !isUuid(options.clientId)) return [];
  let query = client.from('client_email_conflicts').select(CONFLICT_COLUMNS);
  if (options.clientId) query = query.or(`native_client_id.eq.${options.clientId},synced_client_id.eq.${options.clientId}`);
  if (options.status) query = query.eq('status', options.status);
  const { data, error } = await query
    .order('detected_at', { ascending: false })
    .order('id')
    .limit(options.limit ?? 100);
  if (error) throw new Error(`e-mail conflicts: ${error.message}`);
  return (data as unknown as ConflictRow[]).map(toConflict);
}

export type ResolveConflictResult =
  | { ok: true; outcome: 'resolved'; conflict: { id: string; status: ConflictStatus } }
  | { ok: false; outcome: 'not_found' | 'already_resolved' | 'failed'; message: string };

export const RESOLVE_MESSAGES = {
  not_found: 'This conflict does not exist, or it is not yours to resolve.',
  already_resolved: 'This conflict was already resolved the other way.',
  failed: 'The conflict could not be resolved. Please try again.',
} as const;

/** As the signed-in therapist: the database checks that they are an admin or on the practice client's care team. */
export async function resolveEmailConflict(user: ProjectAClient, conflictId: string, resolution: ConflictResolution): Promise<ResolveConflictResult> {
  if (!isUuid(conflictId)) return { ok: false, outcome: 'not_found', message: RESOLVE_MESSAGES.not_found };
  const { data, error } = await user.rpc('resolve_email_conflict', { conflict: conflictId, resolution });
  if (error) {
    if (hasCode(error, NOT_FOUND_OVER_HTTP) || hasCode(error, INSUFFICIENT_PRIVILEGE))
      return { ok: false, outcome: 'not_found', message: RESOLVE_MESSAGES.not_found };
    if (hasCode(error, OBJECT_NOT_IN_PREREQUISITE_STATE))
      return { ok: false, outcome: 'already_resolved', message: RESOLVE_MESSAGES.already_resolved };
    return { ok: false, outcome: 'failed', message: RESOLVE_MESSAGES.failed };
  }
  return { ok: true, outcome: 'resolved', conflict: { id: data.id, status: data.status } };
}
