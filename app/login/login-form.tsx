'use client';

import { useActionState } from 'react';
import { FieldError, FormMessage } from '@/app/_components/form-feedback';
import { idleFormState, type FormState } from '@/lib/forms/form-state';
import type { SignInField } from '@/lib/auth/sign-in.schema';
import { signIn } from './actions';

export function LoginForm({ next }: { next?: string }) {
  const [state, action, pending] = useActionState<FormState<SignInField>, FormData>(signIn, idleFormState);
  return (
    <form action={action} className="stack" noValidate data-test="login-form">
      {next ? <input type="hidden" name="next" value={next} /> : null}
      <FormMessage state={state} />
      <div className="field">
        <label htmlFor="email">E-mail</label>
        <input id="email" name="email" type="email" autoComplete="username" required defaultValue={state.values?.email}
          aria-invalid={Boolean(state.fieldErrors?.email)} aria-describedby="email-error" autoFocus />
        <FieldError id="email-error" errors={state.fieldErrors?.email} />
      </div>
      <div className="field">
        <label htmlFor="password">Password</label>
        <input id="password" name="password" type="password" autoComplete="current-password" required
          aria-invalid={Boolean(state.fieldErrors?.password)} aria-describedby="password-error" />
        <FieldError id="password-error" errors={state.fieldErrors?.password} />
      </div>
      <button type="submit" className="button primary" disabled={pending} aria-busy={pending}>
        {pending ? 'Signing in…' : 'Sign in'}
      </button>
    </form>
  );
}
