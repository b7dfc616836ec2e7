import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { runForm, type FormSpec } from '@/lib/forms/form-action';
import type { AnyVisitor, SignedInTherapist } from '@/lib/forms/server-action';
import { silentLogger } from '@/lib/observability/log';
import type { ProjectAClient } from '@/lib/supabase/clients';
import { formCallerFor } from '@/lib/testing/form-caller';
import { linkIn, mailboxReader } from '@/lib/testing/mailbox';
import { addToPractice, createPracticeAccount } from '@/lib/testing/practice-members';
import { serviceClients, sql, stack } from '@/lib/testing/stack-clients';
import { createProjectAUserClient } from '@/lib/testing/user-client';
import { AFTER_NEW_PASSWORD_PATH, RESET_REQUESTED_MESSAGE, newPasswordForm, passwordResetRequestForm } from './password-reset';
import { PASSWORD_MIN_LENGTH } from './password-reset.schema';

/** The reset forms exactly as the actions run them, against the real stack and its mailbox. */
const mailbox = () => mailboxReader(stack().mailboxUrl);
const anon = () => createProjectAUserClient(stack().a.url, stack().a.publishableKey);

interface TestTherapist {
  id: string;
  email: string;
  password: string;
}

/** A practice member of this test's own: auth user through the admin API, membership with the service role. */
async function newTherapist(): Promise<TestTherapist> {
  const { projectA } = serviceClients();
  const account = await createPracticeAccount(projectA, 'dr.reset');
  await addToPractice(projectA, account);
  return account;
}

function formData(input: Record<string, string>): FormData {
  const data = new FormData();
  for (const [field, value] of Object.entries(input)) data.set(field, value);
  return data;
}

function asVisitor<Field extends string, Schema extends z.ZodType, Value>(
  spec: FormSpec<Field, Schema, AnyVisitor, Value>,
  input: Record<string, string>,
) {
  return runForm(spec, formData(input), { resolve: async () => ({ actor: { supabase: anon() } }), describe: () => ({}), log: silentLogger });
}

function asTherapist<Field extends string, Schema extends z.ZodType, Value>(
  spec: FormSpec<Field, Schema, SignedInTherapist, Value>,
  supabase: ProjectAClient,
  input: Record<string, string>,
) {
  return runForm(spec, formData(input), formCallerFor(supabase));
}

/** Follows the e-mail's link the way /auth/confirm does, and returns the signed-in client. */
async function signInFromResetEmail(email: string): Promise<ProjectAClient> {
  const message = await mailbox().waitForMessage(email, { kind: 'recovery' });
  const tokenHash = new URL(linkIn(message, /\/auth\/confirm/)).searchParams.get('token_hash') ?? '';
  const client = anon();
  const { error } = await client.auth.verifyOtp({ token_hash: tokenHash, type: 'recovery' });
  if (error) throw error;
  return client;
}

async function canSignIn(email: string, password: string): Promise<boolean> {
  return !(await anon().auth.signInWithPassword({ email, password })).error;
}

describe('asking for a reset link', () => {
  it('answers the same for an account, an unknown address and a repeat too soon; only the account gets one e-mail', async () => {
    const therapist = await newTherapist();
    const unknown = `nobody-${randomUUID().slice(0, 8)}@carebridge.test`;

    const forAccount = await asVisitor(passwordResetRequestForm, { email: therapist.email });
    const forUnknown = await asVisitor(passwordResetRequestForm, { email: unknown });
    const repeat = await asVisitor(passwordResetRequestForm, { email: therapist.email });

    const answer = (email: string) => ({ status: 'success', message: RESET_REQUESTED_MESSAGE, values: { email } });
    expect(forAccount).toEqual(answer(therapist.email));
    expect(forUnknown).toEqual(answer(unknown));
    expect(repeat).toEqual(answer(therapist.email));
    expect(await mailbox().list(therapist.email)).toHaveLength(1);
    expect(await mailbox().list(unknown)).toEqual([]);
  });

  it('names a malformed address and sends nothing', async () => {
    const result = await asVisitor(passwordResetRequestForm, { email: 'dr.nobody@' });
    expect(result).toMatchObject({ status: 'error', fieldErrors: { email: ['Enter a valid e-mail address'] } });
    expect(await mailbox().list('dr.nobody@')).toEqual([]);
  });
});

describe('setting the new password', () => {
  it('replaces the old password and finishes on the dashboard, signed in', async () => {
    const therapist = await newTherapist();
    await asVisitor(passwordResetRequestForm, { email: therapist.email });
    const signedIn = await signInFromResetEmail(therapist.email);
    const password = `new-pass-${randomUUID().slice(0, 8)}`;

    expect(await asTherapist(newPasswordForm, signedIn, { password, confirmPassword: password })).toEqual({
      status: 'finished',
      value: AFTER_NEW_PASSWORD_PATH,
    });
    expect((await signedIn.auth.getUser()).data.user?.id).toBe(therapist.id);
    expect(await canSignIn(therapist.email, password)).toBe(true);
    expect(await canSignIn(therapist.email, therapist.password)).toBe(false);
  });

  it('refuses a password shorter than the minimum, or the current one, and changes nothing', async () => {
    const therapist = await newTherapist();
    await asVisitor(passwordResetRequestForm, { email: therapist.email });
    const signedIn = await signInFromResetEmail(therapist.email);
    const [before] = await sql<{ encrypted_password: string }>('a', 'select encrypted_password from auth.users where id = $1', [therapist.id]);

    const short = 'p'.repeat(PASSWORD_MIN_LENGTH - 1);
    expect(await asTherapist(newPasswordForm, signedIn, { password: short, confirmPassword: short })).toMatchObject({
      status: 'error',
      fieldErrors: { password: [`Use at least ${PASSWORD_MIN_LENGTH} characters`] },
    });
    expect(await asTherapist(newPasswordForm, signedIn, { password: therapist.password, confirmPassword: therapist.password })).toMatchObject({
      status: 'error',
      fieldErrors: { password: ['Choose a password different from your current one'] },
    });
    const [after] = await sql<{ encrypted_password: string }>('a', 'select encrypted_password from auth.users where id = $1', [therapist.id]);
    expect(after?.encrypted_password).toBe(before?.encrypted_password);
  });

  it('is refused to someone who is not signed in', async () => {
    const password = 'p'.repeat(PASSWORD_MIN_LENGTH);
    expect(await asTherapist(newPasswordForm, anon(), { password, confirmPassword: password })).toEqual({
      status: 'refused',
      reason: 'not_signed_in',
    });
  });
});

describe('the minimum length the app states', () => {
  it('is the auth server’s: one character less is weak_password there too, and exactly the minimum is taken', async () => {
    const therapist = await newTherapist();
    const client = anon();
    await client.auth.signInWithPassword({ email: therapist.email, password: therapist.password });
    const tooShort = await client.auth.updateUser({ password: 'q'.repeat(PASSWORD_MIN_LENGTH - 1) });
    expect(tooShort.error?.code).toBe('weak_password');
    // Signed in with a password, so the auth server also wants the current one (as the README asks of hosted).
    const minimum = await client.auth.updateUser({ password: 'q'.repeat(PASSWORD_MIN_LENGTH), current_password: therapist.password });
    expect(minimum.error).toBeNull();
  });
});
