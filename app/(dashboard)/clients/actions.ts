'use server';

import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import type { ClientField } from '@/lib/clients/client.schema';
import { clientEditForm, newClientForm } from '@/lib/clients/save-client';
import type { FormState } from '@/lib/forms/form-state';
import { therapistFormAction } from '@/lib/forms/server-action';

export async function createClientAction(_previous: FormState<ClientField>, formData: FormData): Promise<FormState<ClientField>> {
  return therapistFormAction(formData, newClientForm, (clientId) => {
    revalidatePath('/clients');
    redirect(`/clients/${clientId}?notice=created`);
  });
}

/** Bound to the client's id by the edit page; the id is checked again under RLS before anything is written. */
export async function updateClientAction(clientId: string, _previous: FormState<ClientField>, formData: FormData): Promise<FormState<ClientField>> {
  return therapistFormAction(formData, clientEditForm(clientId), (savedId) => {
    revalidatePath('/clients');
    revalidatePath(`/clients/${savedId}`);
    revalidatePath('/sessions');
    redirect(`/clients/${savedId}?notice=saved`);
  });
}
