import type { Database } from '@/lib/database/project-a.types';
import { logEvent, type EventLogger } from '@/lib/observability/log';
import type { ProjectAClient } from '@/lib/supabase/clients';
import { isUuid } from '@/lib/ids';
import type { SessionOutcome } from './sessions.schema';

type SessionStatus = Database['public']['Enums']['session_status'];

/**
 * - not_found: no such session among the caller's own (someone else's id lands here too)
 * - not_scheduled: the session was already cancelled, completed or marked a no-show
 * - failed: the database refused; its wording is in the log, not in `message`
 */
export type UpdateSessionStatusFailure = 'not_found' | 'not_scheduled' | 'failed';

/** `message` is for the therapist's screen; the database's own wording goes only to the log. */
export type UpdateSessionStatusResult =
  | { ok: true; outcome: 'updated'; session: { id: string; status: SessionStatus } }
  | { ok: false; outcome: UpdateSessionStatusFailure; message: string };

export interface UpdateSessionStatusOptions {
  log?: EventLogger;
}

export const SESSION_STATUS_MESSAGES = {
  not_found: 'This session was not found among yours.',
  not_scheduled: 'This session is no longer scheduled; refresh to see its status.',
  failed: 'The change could not be saved. Please try again.',
} as const;

function failure(outcome: UpdateSessionStatusFailure): UpdateSessionStatusResult {
  return { ok: false, outcome, message: SESSION_STATUS_MESSAGES[outcome] };
}

/**
 * Moves one of the caller's sessions out of `scheduled`. The client must act as
 * the therapist: RLS limits the update to their own sessions, and the status
 * guard sits in the same UPDATE, so two clicks racing cannot both succeed.
 */
export async function updateSessionStatus(
  client: ProjectAClient,
  input: { sessionId: string; status: SessionOutcome },
  { log = logEvent }: UpdateSessionStatusOptions = {},
): Promise<UpdateSessionStatusResult> {
  if (!isUuid(input.sessionId)) return failure('not_found');

  const refused = (step: 'update' | 'recheck', error: { code?: string; message: string; details?: string | null }) => {
    log('sessions.status_refused', {
      level: 'error',
      step,
      sessionId: input.sessionId,
      status: input.status,
      code: error.code,
      detail: error.details ? `${error.message} (${error.details})` : error.message,
    });
    return failure('failed');
  };

  const updated = await client
    .from('sessions')
    .update({ status: input.status })
    .eq('id', input.sessionId)
    .eq('status', 'scheduled')
    .select('id, status')
    .maybeSingle();
  if (updated.error) return refused('update', updated.error);
  if (updated.data) return { ok: true, outcome: 'updated', session: updated.data };

  // Nothing changed: tell "not yours / gone" from "no longer scheduled".
  const existing = await client.from('sessions').select('id, status').eq('id', input.sessionId).maybeSingle();
  if (existing.error) return refused('recheck', existing.error);
  return failure(existing.data ? 'not_scheduled' : 'not_found');
}
