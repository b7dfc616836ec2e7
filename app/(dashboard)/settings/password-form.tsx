'use client';

import { useActionState } from 'react';
import { Field } from '@/app/_components/field';
import { FormMessage } from '@/app/_components/form-feedback';
import { idleFormState, type FormState } from '@/lib/forms/form-state';
import { MIN_PASSWORD_LENGTH, type PasswordChangeField } from '@/lib/team/settings.schema';

type PasswordAction = (previous: FormState<PasswordChangeField>, formData: FormData) => Promise<FormState<PasswordChangeField>>;

/** The password change on /settings and at first sign-in, where the current password is the temporary one. */
export function PasswordForm({ action, currentLabel, submitLabel }: { action: PasswordAction; currentLabel: string; submitLabel: string }) {
  const [state, formAction, pending] = useActionState<FormState<PasswordChangeField>, FormData>(action, idleFormState);
  const errors = state.fieldErrors ?? {};
  return (
    <form action={formAction} className="card stack" noValidate data-test="password-form" aria-busy={pending}>
      <FormMessage state={state} />
      <Field id="currentPassword" label={currentLabel} errors={errors.currentPassword}>
        {(control) => <input {...control} name="currentPassword" type="password" autoComplete="current-password" required />}
      </Field>
      <Field id="newPassword" label="New password" errors={errors.newPassword} hint={`At least ${MIN_PASSWORD_LENGTH} characters.`}>
        {(control) => <input {...control} name="newPassword" type="password" autoComplete="new-password" required minLength={MIN_PASSWORD_LENGTH} />}
      </Field>
      <Field id="confirmPassword" label="New password again" errors={errors.confirmPassword}>
        {(control) => <input {...control} name="confirmPassword" type="password" autoComplete="new-password" required />}
      </Field>
      <div className="form-actions">
        <button type="submit" className="button primary" disabled={pending} data-test="password-submit">
          {pending ? 'Saving…' : submitLabel}
        </button>
      </div>
    </form>
  );
}
