'use client';

import { useActionState } from 'react';
import { Field } from '@/app/_components/field';
import { FormMessage } from '@/app/_components/form-feedback';
import { PASSWORD_MIN_LENGTH, type NewPasswordField } from '@/lib/auth/password-reset.schema';
import { idleFormState, type FormState } from '@/lib/forms/form-state';
import { setNewPassword } from './actions';

type NewPasswordAction = (previous: FormState<NewPasswordField>, formData: FormData) => Promise<FormState<NewPasswordField>>;

/** A new password twice; the reset page's, and the invitation's with its own action. */
export function ResetPasswordForm({
  email,
  submitAction = setNewPassword,
  dataTest = 'reset-password-form',
}: {
  email: string;
  submitAction?: NewPasswordAction;
  dataTest?: string;
}) {
  const [state, action, pending] = useActionState<FormState<NewPasswordField>, FormData>(submitAction, idleFormState);
  return (
    <form action={action} className="stack" noValidate data-test={dataTest}>
      <FormMessage state={state} />
      {/* Lets a password manager file the new password under the right account. */}
      <input type="email" name="username" autoComplete="username" value={email} readOnly hidden />
      <Field id="password" label="New password" hint={`At least ${PASSWORD_MIN_LENGTH} characters.`} errors={state.fieldErrors?.password}>
        {(control) => (
          <input {...control} name="password" type="password" autoComplete="new-password" minLength={PASSWORD_MIN_LENGTH} required autoFocus />
        )}
      </Field>
      <Field id="confirmPassword" label="Repeat the new password" errors={state.fieldErrors?.confirmPassword}>
        {(control) => <input {...control} name="confirmPassword" type="password" autoComplete="new-password" required />}
      </Field>
      <button type="submit" className="button primary" disabled={pending} aria-busy={pending}>
        {pending ? 'Saving…' : 'Save and sign in'}
      </button>
    </form>
  );
}
