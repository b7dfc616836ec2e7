import { finished, type FormSpec } from '@/lib/forms/form-action';
import type { SignedInTherapist } from '@/lib/forms/server-action';
import { INVITE_CLIENT_FIELDS, inviteClientSchema, type InviteClientField } from './invite-client.schema';
import { inviteClientToPartnerApp, type InviteClients, type InviteSuccess } from './invite-client';

/** What the form finishes with: the page's notice says which. */
export interface InvitedClient {
  clientId: string;
  outcome: InviteSuccess;
  emailSent: boolean;
}

export interface InviteSetup {
  clients: InviteClients;
  /** PROJECT_B_WRITES=enabled. */
  enabled: boolean;
}

/**
 * The client page's invitation form, from raw input to its answer, so the
 * server action stays thin and tests run exactly what the form runs. The
 * setup is read only once a verified therapist has sent a valid form.
 */
export function inviteClientForm(setup: () => InviteSetup): FormSpec<InviteClientField, typeof inviteClientSchema, SignedInTherapist, InvitedClient> {
  return {
    action: 'client.invite_to_partner_app',
    fields: INVITE_CLIENT_FIELDS,
    invalidMessage: 'This invitation does not name a client. Reload the page and try again.',
    schema: inviteClientSchema,
    async handle({ clientId }, { actor, log }) {
      const { clients, enabled } = setup();
      const result = await inviteClientToPartnerApp(clients, actor.therapist, clientId, { enabled, log });
      if (!result.ok) return { status: 'error', message: result.message };
      return finished({ clientId, outcome: result.outcome, emailSent: result.emailSent });
    },
  };
}
