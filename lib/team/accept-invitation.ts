import { NEW_PASSWORD_FIELDS, newPasswordSchema, type NewPasswordField } from '@/lib/auth/password-reset.schema';
import { OBJECT_NOT_IN_PREREQUISITE_STATE, hasCode } from '@/lib/database/postgres-errors';
import { finished, type FormCaller, type FormSpec } from '@/lib/forms/form-action';
import type { EventLogger } from '@/lib/observability/log';
import type { ProjectAClient } from '@/lib/supabase/clients';

/**
 * Someone signed in from an invitation link whose membership waits for their password.
 * Their own row is out of their reach under RLS until it is active, so the service role
 * reads it by the id the auth server vouched for.
 */
export interface InvitedAccount {
  userId: string;
  email: string;
  displayName: string;
  /** Acts as the invited user: their password is set through it. */
  supabase: ProjectAClient;
  /** Service role: activates the membership. */
  service: ProjectAClient;
}

export type InvitationCheck = { status: 'signed_out' } | { status: 'not_invited' } | { status: 'invited'; account: InvitedAccount };

/** getUser() (never the cookie alone), then the pending membership of that user. */
export async function checkInvitedAccount(supabase: ProjectAClient, service: ProjectAClient): Promise<InvitationCheck> {
  const { data, error } = await supabase.auth.getUser();
  if (error || !data.user) return { status: 'signed_out' };
  const membership = await service
    .from('practice_members')
    .select('display_name')
    .eq('user_id', data.user.id)
    .eq('invitation_pending', true)
    .maybeSingle();
  if (membership.error) throw membership.error;
  if (!membership.data) return { status: 'not_invited' };
  return {
    status: 'invited',
    account: { userId: data.user.id, email: data.user.email ?? '', displayName: membership.data.display_name, supabase, service },
  };
}

/** The caller check of the set-your-password form; anyone else is refused before anything is parsed. */
export function invitedAccountCaller(
  resolveClients: () => Promise<{ supabase: ProjectAClient; service: ProjectAClient }>,
  log: EventLogger,
): FormCaller<InvitedAccount> {
  return {
    async resolve() {
      const { supabase, service } = await resolveClients();
      const check = await checkInvitedAccount(supabase, service);
      if (check.status === 'signed_out') return { refused: 'not_signed_in' };
      if (check.status === 'not_invited') return { refused: 'not_a_member' };
      return { actor: check.account };
    },
    describe: ({ userId }) => ({ memberId: userId }),
    log,
  };
}

/** Where the new member lands once their password is set: signed in, on their dashboard. */
export const AFTER_INVITATION_PATH = '/sessions';

/**
 * Their own password first, then the membership turns active (recorded as 'activated' by
 * them). The session came from the e-mail link, so the auth server wants no current password.
 */
export const acceptInvitationForm: FormSpec<NewPasswordField, typeof newPasswordSchema, InvitedAccount, string> = {
  action: 'team.accept_invitation',
  fields: NEW_PASSWORD_FIELDS,
  secretFields: NEW_PASSWORD_FIELDS,
  schema: newPasswordSchema,
  async handle({ password }, { actor, log }) {
    const { error } = await actor.supabase.auth.updateUser({ password });
    if (error?.code === 'weak_password') return { status: 'error', fieldErrors: { password: [error.message] } };
    // same_password: an earlier press saved it and only the activation below failed.
    if (error && error.code !== 'same_password') {
      log('team.invitation_password_failed', { level: 'error', code: error.code, status: error.status });
      return { status: 'error', message: 'Saving your password is not possible right now. Try again in a moment.' };
    }
    const activated = await actor.service.rpc('activate_invited_member', { member: actor.userId });
    // A second tab that got there first has activated them already: the same end state.
    if (activated.error && !hasCode(activated.error, OBJECT_NOT_IN_PREREQUISITE_STATE)) {
      log('team.invitation_activation_failed', { level: 'error', code: activated.error.code, detail: activated.error.message });
      return { status: 'error', message: 'Your password is saved, but joining the practice failed. Press the button again.' };
    }
    log('team.invitation_accepted', { level: 'info' });
    return finished(AFTER_INVITATION_PATH);
  },
};
