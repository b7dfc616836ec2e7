'use client';

import { useActionState } from 'react';
import { ActionFeedback } from '@/app/_components/form-feedback';
import { idleFormState, type FormState } from '@/lib/forms/form-state';
import type { SessionStatusField } from '@/lib/sessions/sessions.schema';
import { changeSessionStatusAction } from './actions';

/**
 * Per-row status buttons. The form stays mounted after the row's status
 * changes, so its message ("Session cancelled") is still there to read.
 */
export function SessionRowActions({
  sessionId,
  scheduled,
  allowNoShow,
  label,
}: {
  sessionId: string;
  scheduled: boolean;
  allowNoShow: boolean;
  /** Names the session for screen readers: "Maya Okafor, Tue 24 Nov 2026, 14:00". */
  label: string;
}) {
  const [state, action, pending] = useActionState<FormState<SessionStatusField>, FormData>(changeSessionStatusAction, idleFormState);
  const feedbackId = `session-${sessionId}-feedback`;
  return (
    <form action={action} className="row-actions" data-test="session-actions" aria-describedby={feedbackId}>
      <input type="hidden" name="sessionId" value={sessionId} />
      {scheduled ? (
        <>
          <button type="submit" name="status" value="completed" className="button small" disabled={pending} data-test="complete-session">
            Complete<span className="visually-hidden"> session: {label}</span>
          </button>
          {allowNoShow ? (
            <button type="submit" name="status" value="no_show" className="button small" disabled={pending} data-test="no-show-session">
              No-show<span className="visually-hidden"> for session: {label}</span>
            </button>
          ) : null}
          <button type="submit" name="status" value="cancelled" className="button small danger" disabled={pending} data-test="cancel-session">
            Cancel<span className="visually-hidden"> session: {label}</span>
          </button>
        </>
      ) : null}
      <ActionFeedback id={feedbackId} state={state} pending={pending} dataTest="session-action-feedback" />
    </form>
  );
}
