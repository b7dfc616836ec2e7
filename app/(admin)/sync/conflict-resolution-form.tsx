'use client';

import { useActionState } from 'react';
import { ActionFeedback } from '@/app/_components/form-feedback';
import { idleFormState, type FormState } from '@/lib/forms/form-state';
import type { ConflictResolutionField } from '@/lib/sync/conflict-resolution.schema';
import { resolveConflictAction } from './actions';

/** The two answers to an e-mail conflict. Used on /sync and on both clients' pages. */
export function ConflictResolutionForm({ conflictId, label }: { conflictId: string; label: string }) {
  const [state, action, pending] = useActionState<FormState<ConflictResolutionField>, FormData>(resolveConflictAction, idleFormState);
  const feedbackId = `conflict-${conflictId}-feedback`;
  if (state.status === 'success') {
    return (
      <p className="action-feedback" role="status" data-test="conflict-feedback">
        {state.message}
      </p>
    );
  }
  return (
    <form action={action} className="row-actions" data-test="conflict-resolution" aria-describedby={feedbackId}>
      <input type="hidden" name="conflictId" value={conflictId} />
      <button type="submit" name="resolution" value="same_person" className="button small" disabled={pending} data-test="resolve-same-person">
        Same person<span className="visually-hidden">: {label}</span>
      </button>
      <button
        type="submit"
        name="resolution"
        value="different_people"
        className="button small"
        disabled={pending}
        data-test="resolve-different-people"
      >
        Different people<span className="visually-hidden">: {label}</span>
      </button>
      <ActionFeedback id={feedbackId} state={state} pending={pending} dataTest="conflict-feedback" />
    </form>
  );
}
