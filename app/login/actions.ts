'use server';

import { redirect } from 'next/navigation';
import { safeRedirectPath } from '@/lib/auth/safe-redirect';
import { SIGN_IN_FIELDS, signInSchema, type SignInField } from '@/lib/auth/sign-in.schema';
import { finished } from '@/lib/forms/form-action';
import type { FormState } from '@/lib/forms/form-state';
import { publicFormAction } from '@/lib/forms/server-action';
import { createServerSupabase } from '@/lib/supabase/server';

function signInFailureMessage(error: { code?: string; status?: number }): string {
  if (error.code === 'invalid_credentials') return 'That e-mail and password do not match an account.';
  if (error.status === 429) return 'Too many attempts. Wait a minute and try again.';
  return 'Signing in is not possible right now. Try again in a moment.';
}

export async function signIn(_previous: FormState<SignInField>, formData: FormData): Promise<FormState<SignInField>> {
  return publicFormAction(
    formData,
    {
      action: 'auth.sign_in',
      fields: SIGN_IN_FIELDS,
      secretFields: ['password'],
      schema: signInSchema,
      async handle({ email, password, next }, { actor, log }) {
        const { error } = await actor.supabase.auth.signInWithPassword({ email, password });
        if (!error) return finished(next);
        // A wrong password is the caller's mistake, not an incident worth a log line.
        if (error.code !== 'invalid_credentials') log('auth.sign_in_failed', { level: 'error', code: error.code, status: error.status });
        return { status: 'error', message: signInFailureMessage(error) };
      },
    },
    // Already same-origin from the schema; said again where the redirect happens, so no later edit can skip it.
    (next) => redirect(safeRedirectPath(next)),
  );
}

export async function signOut(): Promise<never> {
  const supabase = await createServerSupabase();
  await supabase.auth.signOut();
  redirect('/login');
}
