'use client';

import { useActionState } from 'react';
import { Field } from '@/app/_components/field';
import { FormMessage } from '@/app/_components/form-feedback';
import { idleFormState, type FormState } from '@/lib/forms/form-state';
import type { SignInField } from '@/lib/auth/sign-in.schema';
import { signIn } from './actions';

export function LoginForm({ next }: { next?: string }) {
  const [state, action, pending] = useActionState<FormState<SignInField>, FormData>(signIn, idleFormState);
  return (
    <form action={action} className="stack" noValidate data-test="login-form">
      {next ? <input type="hidden" name="next" value={next} /> : null}
      <FormMessage state={state} />
      <Field id="email" label="E-mail" errors={state.fieldErrors?.email}>
        {(control) => <input {...control} name="email" type="email" autoComplete="username" required defaultValue={state.values?.email} autoFocus />}
      </Field>
      <Field id="password" label="Password" errors={state.fieldErrors?.password}>
        {(control) => <input {...control} name="password" type="password" autoComplete="current-password" required />}
      </Field>
      <button type="submit" className="button primary" disabled={pending} aria-busy={pending}>
        {pending ? 'Signing in…' : 'Sign in'}
      </button>
    </form>
  );
}
