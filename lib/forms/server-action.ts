import 'server-only';
import { redirect } from 'next/navigation';
import type { z } from 'zod';
import { CHOOSE_PASSWORD_PATH, getVisitor } from '@/lib/auth/session';
import { NOT_A_MEMBER_MESSAGE, type Therapist } from '@/lib/auth/therapist';
import { logEvent } from '@/lib/observability/log';
import type { ProjectAClient } from '@/lib/supabase/clients';
import { createServerSupabase } from '@/lib/supabase/server';
import { getServiceClients } from '@/lib/supabase/service';
import { invitedAccountCaller, type InvitedAccount } from '@/lib/team/accept-invitation';
import { runForm, type FormCaller, type FormResult, type FormSpec } from './form-action';
import type { FormState } from './form-state';

/** The verified therapist and a Project A client that acts as them (RLS applies). */
export interface SignedInTherapist {
  therapist: Therapist;
  supabase: ProjectAClient;
}

/** A caller who need not be signed in: only the sign-in form. */
export interface AnyVisitor {
  supabase: ProjectAClient;
}

/**
 * `withTemporaryPassword`: whether a member who has not chosen their own
 * password yet may use the action. Only the choose-a-password form may; every
 * other action refuses them, as every page sends them to choose first.
 */
function signedInTherapist(withTemporaryPassword: boolean): FormCaller<SignedInTherapist> {
  return {
    async resolve() {
      // getUser() and the membership row: an action is a public POST endpoint, so the cookie alone proves nothing.
      const visitor = await getVisitor();
      if (visitor.status === 'signed_out') return { refused: 'not_signed_in' };
      if (visitor.status === 'not_a_member') return { refused: 'not_a_member' };
      if (visitor.therapist.mustChoosePassword && !withTemporaryPassword) return { refused: 'must_choose_password' };
      return { actor: { therapist: visitor.therapist, supabase: await createServerSupabase() } };
    },
    describe: ({ therapist }) => ({ therapistId: therapist.id }),
    log: logEvent,
  };
}

const anyVisitor: FormCaller<AnyVisitor> = {
  resolve: async () => ({ actor: { supabase: await createServerSupabase() } }),
  describe: () => ({}),
  log: logEvent,
};

/** `Done` may carry more than a form state: what the screen shows once (a temporary password). */
type OnFinished<Field extends string, Value, Done extends FormState<Field>> = (value: Value) => Done | Promise<Done>;

async function settle<Field extends string, Value, Done extends FormState<Field>>(
  result: FormResult<Field, Value>,
  onFinished: OnFinished<Field, Value, Done>,
): Promise<FormState<Field> | Done> {
  // Both redirects run here, after runForm's try: redirect() throws by design.
  if (result.status === 'refused') {
    // Signed in but not a member: /login would only send them back, so the form says why instead.
    if (result.reason === 'not_a_member') return { status: 'error', message: NOT_A_MEMBER_MESSAGE };
    if (result.reason === 'must_choose_password') redirect(CHOOSE_PASSWORD_PATH);
    redirect('/login');
  }
  if (result.status === 'finished') return onFinished(result.value);
  return result;
}

/**
 * A form action for an active member of the practice. Before anything is
 * parsed or written, a signed-out caller is sent to /login and a signed-in
 * non-member gets the form back with NOT_A_MEMBER_MESSAGE. `onFinished`
 * revalidates and redirects.
 */
export async function therapistFormAction<Field extends string, Schema extends z.ZodType, Value, Done extends FormState<Field> = FormState<Field>>(
  formData: FormData,
  spec: FormSpec<Field, Schema, SignedInTherapist, Value>,
  onFinished: OnFinished<Field, Value, Done>,
  { withTemporaryPassword = false }: { withTemporaryPassword?: boolean } = {},
): Promise<FormState<Field> | Done> {
  return settle(await runForm(spec, formData, signedInTherapist(withTemporaryPassword)), onFinished);
}

/** The same steps for a form anyone may send; only sign-in uses it. */
export async function publicFormAction<Field extends string, Schema extends z.ZodType, Value, Done extends FormState<Field> = FormState<Field>>(
  formData: FormData,
  spec: FormSpec<Field, Schema, AnyVisitor, Value>,
  onFinished: OnFinished<Field, Value, Done>,
): Promise<FormState<Field> | Done> {
  return settle(await runForm(spec, formData, anyVisitor), onFinished);
}

/** The same steps for the invitation's set-your-password form: signed in from the link, membership still pending. */
export async function invitedAccountFormAction<
  Field extends string,
  Schema extends z.ZodType,
  Value,
  Done extends FormState<Field> = FormState<Field>,
>(
  formData: FormData,
  spec: FormSpec<Field, Schema, InvitedAccount, Value>,
  onFinished: OnFinished<Field, Value, Done>,
): Promise<FormState<Field> | Done> {
  const caller = invitedAccountCaller(async () => ({ supabase: await createServerSupabase(), service: getServiceClients().projectA }), logEvent);
  return settle(await runForm(spec, formData, caller), onFinished);
}
