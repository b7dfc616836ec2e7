'use server';

import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import type { ClientField } from '@/lib/clients/client.schema';
import { clientEditForm, newClientForm } from '@/lib/clients/save-client';
import type { FormState } from '@/lib/forms/form-state';
import { therapistFormAction } from '@/lib/forms/server-action';
import { isUuid } from '@/lib/ids';
import { appInviteSetup } from '@/lib/partner-invite/app-setup';
import type { InviteClientField } from '@/lib/partner-invite/invite-client.schema';
import { inviteClientForm } from '@/lib/partner-invite/invite-form';

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

/** The client page's "Invite to the partner app"; refused with a message while PROJECT_B_WRITES is off. */
export async function inviteClientAction(_previous: FormState<InviteClientField>, formData: FormData): Promise<FormState<InviteClientField>> {
  const state = await therapistFormAction(formData, inviteClientForm(appInviteSetup), ({ clientId, outcome, emailSent }) => {
    revalidatePath('/clients');
    revalidatePath(`/clients/${clientId}`);
    const notice =
      outcome === 'invited' ? (emailSent ? 'invited' : 'invited_unmailed') : outcome === 'email_sent' ? 'invitation_sent' : 'already_invited';
    redirect(`/clients/${clientId}?notice=${notice}`);
  });
  // A refusal is on the trail, and a taken e-mail adds a conflict to the page: show both.
  const clientId = formData.get('clientId');
  if (typeof clientId === 'string' && isUuid(clientId)) revalidatePath(`/clients/${clientId}`);
  return state;
}
