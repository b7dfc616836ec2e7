'use server';

import { redirect } from 'next/navigation';
import { safeNextPath, signInSchema, type SignInField } from '@/lib/auth/sign-in.schema';
import { fieldErrorsOf, formValues, type FormState } from '@/lib/forms/form-state';
import { createServerSupabase } from '@/lib/supabase/server';

export async function signIn(_previous: FormState<SignInField>, formData: FormData): Promise<FormState<SignInField>> {
  const { email = '', password = '' } = formValues(formData, ['email', 'password'] as const);
  const parsed = signInSchema.safeParse({ email, password });
  // The password is never echoed back into the form.
  if (!parsed.success) return { status: 'error', fieldErrors: fieldErrorsOf(parsed.error), values: { email } };

  const supabase = await createServerSupabase();
  const { error } = await supabase.auth.signInWithPassword(parsed.data);
  if (error) {
    const message =
      error.code === 'invalid_credentials'
        ? 'That e-mail and password do not match an account.'
        : error.status === 429
          ? 'Too many attempts. Wait a minute and try again.'
          : 'Signing in is not possible right now. Try again in a moment.';
    if (error.code !== 'invalid_credentials') console.error(JSON.stringify({ event: 'auth.sign_in_failed', code: error.code, status: error.status }));
    return { status: 'error', message, values: { email } };
  }
  redirect(safeNextPath(formData.get('next')));
}

export async function signOut(): Promise<never> {
  const supabase = await createServerSupabase();
  await supabase.auth.signOut();
  redirect('/login');
}
