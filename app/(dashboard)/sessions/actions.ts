'use server';

import { revalidatePath } from 'next/cache';
import { requireTherapist } from '@/lib/auth/session';
import type { FormState } from '@/lib/forms/form-state';
import { logEvent } from '@/lib/observability/log';
import { SESSION_OUTCOME_DONE, sessionStatusSchema, type SessionStatusField } from '@/lib/sessions/sessions.schema';
import { updateSessionStatus } from '@/lib/sessions/update-session-status';
import { createServerSupabase } from '@/lib/supabase/server';

const FAILURE_MESSAGES = {
  not_found: 'This session was not found among yours.',
  not_scheduled: 'This session is no longer scheduled; refresh to see its status.',
  failed: 'The change could not be saved. Please try again.',
} as const;

/** The Cancel / Complete / No-show buttons on a session row. */
export async function changeSessionStatusAction(
  _previous: FormState<SessionStatusField>,
  formData: FormData,
): Promise<FormState<SessionStatusField>> {
  const therapist = await requireTherapist();
  const parsed = sessionStatusSchema.safeParse({ sessionId: formData.get('sessionId'), status: formData.get('status') });
  if (!parsed.success) return { status: 'error', message: 'That change is not possible.' };

  const result = await updateSessionStatus(await createServerSupabase(), parsed.data);
  logEvent('sessions.change_status', {
    level: result.ok ? 'info' : result.reason === 'failed' ? 'error' : 'warn',
    therapistId: therapist.id,
    sessionId: parsed.data.sessionId,
    status: parsed.data.status,
    outcome: result.ok ? 'updated' : result.reason,
    detail: result.ok ? undefined : result.message,
  });
  if (!result.ok) return { status: 'error', message: FAILURE_MESSAGES[result.reason] };

  revalidatePath('/sessions');
  revalidatePath('/clients/[id]', 'page');
  return { status: 'success', message: SESSION_OUTCOME_DONE[parsed.data.status] };
}
