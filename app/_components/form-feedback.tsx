import type { FormState } from '@/lib/forms/form-state';

export function FieldError({ id, errors }: { id: string; errors?: string[] }) {
  if (!errors?.length) return <span id={id} hidden />;
  return (
    <span id={id} className="field-error" role="alert">
      {errors.join(' ')}
    </span>
  );
}

export function FormMessage({ state }: { state: FormState }) {
  if (!state.message) return null;
  return (
    <p
      data-test="form-message"
      className={state.status === 'error' ? 'notice error' : 'notice success'}
      role={state.status === 'error' ? 'alert' : 'status'}
    >
      {state.message}
    </p>
  );
}

/** The live status line beside a small inline action form (row buttons, conflict resolutions). */
export function ActionFeedback({ id, state, pending, dataTest }: { id: string; state: FormState; pending: boolean; dataTest: string }) {
  return (
    <span
      id={id}
      className={state.status === 'error' ? 'action-feedback error' : 'action-feedback'}
      role="status"
      aria-live="polite"
      data-test={dataTest}
    >
      {pending ? 'Saving…' : state.message}
    </span>
  );
}
