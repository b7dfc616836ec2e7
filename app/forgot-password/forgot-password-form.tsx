'use client';

import { useActionState } from 'react';
import { Field } from '@/app/_components/field';
import { FormMessage } from '@/app/_components/form-feedback';
import type { PasswordResetRequestField } from '@/lib/auth/password-reset.schema';
import { idleFormState, type FormState } from '@/lib/forms/form-state';
import { requestPasswordReset } from './actions';

export function ForgotPasswordForm() {
  const [state, action, pending] = useActionState<FormState<PasswordResetRequestField>, FormData>(requestPasswordReset, idleFormState);
  return (
    <form action={action} className="stack" noValidate data-test="forgot-password-form">
      <FormMessage state={state} />
      <Field id="email" label="E-mail" hint="The address you sign in with." errors={state.fieldErrors?.email}>
        {(control) => <input {...control} name="email" type="email" autoComplete="username" required defaultValue={state.values?.email} autoFocus />}
      </Field>
      <button type="submit" className="button primary" disabled={pending} aria-busy={pending}>
        {pending ? 'Sending…' : 'Send reset link'}
      </button>
    </form>
  );
}
