'use server';

import { revalidatePath } from 'next/cache';
import { finished } from '@/lib/forms/form-action';
import type { FormState } from '@/lib/forms/form-state';
import { therapistFormAction } from '@/lib/forms/server-action';
import { SESSION_OUTCOME_DONE, SESSION_STATUS_FIELDS, sessionStatusSchema, type SessionStatusField } from '@/lib/sessions/sessions.schema';
import { updateSessionStatus } from '@/lib/sessions/update-session-status';

/** The Cancel / Complete / No-show buttons on a session row. */
export async function changeSessionStatusAction(
  _previous: FormState<SessionStatusField>,
  formData: FormData,
): Promise<FormState<SessionStatusField>> {
  return therapistFormAction(
    formData,
    {
      action: 'session.change_status',
      fields: SESSION_STATUS_FIELDS,
      schema: sessionStatusSchema,
      invalidMessage: 'That change is not possible.',
      async handle(change, { actor, log }) {
        const result = await updateSessionStatus(actor.supabase, change, { log });
        log('sessions.change_status', {
          level: result.ok ? 'info' : result.outcome === 'failed' ? 'error' : 'warn',
          sessionId: change.sessionId,
          status: change.status,
          outcome: result.outcome,
        });
        if (!result.ok) return { status: 'error', message: result.message };
        return finished(change.status);
      },
    },
    (status) => {
      revalidatePath('/sessions');
      revalidatePath('/clients/[id]', 'page');
      return { status: 'success', message: SESSION_OUTCOME_DONE[status] };
    },
  );
}
