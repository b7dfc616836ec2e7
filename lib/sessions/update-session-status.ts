import type { Database } from '@/lib/database/project-a.types';
import type { ProjectAClient } from '@/lib/supabase/clients';
import { isUuid } from '@/lib/ids';
import type { SessionOutcome } from './sessions.schema';

type SessionStatus = Database['public']['Enums']['session_status'];

/**
 * - not_found: no such session among the caller's own (someone else's id lands here too)
 * - not_scheduled: the session was already cancelled, completed or marked a no-show
 */
export type UpdateSessionStatusResult =
  { ok: true; session: { id: string; status: SessionStatus } } | { ok: false; reason: 'not_found' | 'not_scheduled' | 'failed'; message?: string };

/**
 * Moves one of the caller's sessions out of `scheduled`. The client must act as
 * the therapist: RLS limits the update to their own sessions, and the status
 * guard sits in the same UPDATE, so two clicks racing cannot both succeed.
 */
export async function updateSessionStatus(
  client: ProjectAClient,
  input: { sessionId: string; status: SessionOutcome },
): Promise<UpdateSessionStatusResult> {
  if (!isUuid(input.sessionId)) return { ok: false, reason: 'not_found' };

  const updated = await client
    .from('sessions')
    .update({ status: input.status })
    .eq('id', input.sessionId)
    .eq('status', 'scheduled')
    .select('id, status')
    .maybeSingle();
  if (updated.error) return { ok: false, reason: 'failed', message: updated.error.message };
  if (updated.data) return { ok: true, session: updated.data };

  // Nothing changed: tell "not yours / gone" from "no longer scheduled".
  const existing = await client.from('sessions').select('id, status').eq('id', input.sessionId).maybeSingle();
  if (existing.error) return { ok: false, reason: 'failed', message: existing.error.message };
  return { ok: false, reason: existing.data ? 'not_scheduled' : 'not_found' };
}
