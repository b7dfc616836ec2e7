'use server';

import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { requireTherapist } from '@/lib/auth/session';
import { CLIENT_FIELDS, type ClientField } from '@/lib/clients/client.schema';
import { submitClientEdit, submitNewClient, type SubmitClientResult } from '@/lib/clients/save-client';
import { formValues, type FormState } from '@/lib/forms/form-state';
import { logEvent } from '@/lib/observability/log';
import { createServerSupabase } from '@/lib/supabase/server';

function failedState(
  result: Exclude<SubmitClientResult, { ok: true }>,
  values: Partial<Record<ClientField, string>>,
): FormState<ClientField> {
  return {
    status: 'error',
    message: result.message ?? 'Some fields need attention.',
    fieldErrors: result.fieldErrors,
    values,
  };
}

export async function createClientAction(_previous: FormState<ClientField>, formData: FormData): Promise<FormState<ClientField>> {
  const therapist = await requireTherapist();
  const values = formValues(formData, CLIENT_FIELDS);
  const result = await submitNewClient(await createServerSupabase(), values);
  if (!result.ok) {
    if (!result.fieldErrors) logEvent('clients.create_failed', { level: 'error', therapistId: therapist.id, outcome: result.outcome });
    return failedState(result, values);
  }
  logEvent('clients.created', { level: 'info', therapistId: therapist.id, clientId: result.clientId });
  revalidatePath('/clients');
  redirect(`/clients/${result.clientId}?notice=created`);
}

/** Bound to the client's id by the edit page; the id is checked again under RLS before anything is written. */
export async function updateClientAction(
  clientId: string,
  _previous: FormState<ClientField>,
  formData: FormData,
): Promise<FormState<ClientField>> {
  const therapist = await requireTherapist();
  const values = formValues(formData, CLIENT_FIELDS);
  const result = await submitClientEdit(await createServerSupabase(), clientId, values);
  if (!result.ok) {
    if (!result.fieldErrors) {
      logEvent('clients.update_failed', {
        level: result.outcome === 'failed' ? 'error' : 'warn',
        therapistId: therapist.id,
        clientId,
        outcome: result.outcome,
      });
    }
    return failedState(result, values);
  }
  revalidatePath('/clients');
  revalidatePath(`/clients/${result.clientId}`);
  revalidatePath('/sessions');
  redirect(`/clients/${result.clientId}?notice=saved`);
}
