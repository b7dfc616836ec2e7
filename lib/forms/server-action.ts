import 'server-only';
import { redirect } from 'next/navigation';
import type { z } from 'zod';
import { getTherapist } from '@/lib/auth/session';
import type { Therapist } from '@/lib/auth/therapist';
import { logEvent } from '@/lib/observability/log';
import type { ProjectAClient } from '@/lib/supabase/clients';
import { createServerSupabase } from '@/lib/supabase/server';
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
      // getUser() under the hood: an action is a public POST endpoint, so the cookie alone proves nothing.
      const therapist = await getTherapist();
      if (!therapist || (therapist.mustChoosePassword && !withTemporaryPassword)) return null;
      return { therapist, supabase: await createServerSupabase() };
    },
    describe: ({ therapist }) => ({ therapistId: therapist.id }),
    log: logEvent,
  };
}

const anyVisitor: FormCaller<AnyVisitor> = {
  resolve: async () => ({ supabase: await createServerSupabase() }),
  describe: () => ({}),
  log: logEvent,
};

/** `Done` may carry more than a form state: what the screen shows once (a temporary password). */
type OnFinished<Field extends string, Value, Done extends FormState<Field>> = (value: Value) => Done | Promise<Done>;

async function settle<Field extends string, Value, Done extends FormState<Field>>(
  result: FormResult<Field, Value>,
  onFinished: OnFinished<Field, Value, Done>,
): Promise<FormState<Field> | Done> {
  // Both redirects run here, after runForm's try: redirect() throws by design. A member who
  // still has to choose a password is sent on from /login to that page.
  if (result.status === 'refused') redirect('/login');
  if (result.status === 'finished') return onFinished(result.value);
  return result;
}

/**
 * A form action for the signed-in therapist. Anyone else is sent to /login
 * before anything is parsed or written. `onFinished` revalidates and redirects.
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
