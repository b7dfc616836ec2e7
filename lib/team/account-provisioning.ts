import type { AuthError } from '@supabase/supabase-js';
import type { ProjectAClient } from '@/lib/supabase/clients';
import type { HandoverKind } from './team.schema';
import { temporaryPassword } from './temporary-password';

/**
 * How a new member first gets in. By default an invitation e-mail from the auth server,
 * whose link lets them set their own password; the membership waits until they have. A
 * temporary password, shown to the admin once, remains for a project that cannot send
 * e-mail to the practice yet (a hosted project without custom SMTP).
 */
export type Handover = { kind: 'invitation' } | { kind: 'temporary_password'; password: string };

/**
 * - email_taken: an account with that e-mail exists already
 * - email_rate_limited: the auth server's e-mail limit is reached (429 over_email_send_rate_limit)
 */
export type ProvisionResult =
  | { ok: true; userId: string; handover: Handover }
  | { ok: false; outcome: 'email_taken' | 'email_rate_limited' }
  | { ok: false; outcome: 'failed'; detail: string };

export interface AccountProvisioner {
  readonly kind: HandoverKind;
  create(account: { email: string; displayName: string }): Promise<ProvisionResult>;
  /** Undoes `create` when the membership could not be written, so no half-made account stays behind. */
  remove(userId: string): Promise<void>;
}

function refused(error: AuthError): Extract<ProvisionResult, { ok: false }> {
  // The auth server checks the address inside its own insert, so a taken one leaves nothing behind.
  if (error.code === 'email_exists') return { ok: false, outcome: 'email_taken' };
  if (error.code === 'over_email_send_rate_limit') return { ok: false, outcome: 'email_rate_limited' };
  return { ok: false, outcome: 'failed', detail: `${error.code ?? error.status}: ${error.message}` };
}

function removeAccount(projectA: ProjectAClient) {
  return async (userId: string) => {
    const { error } = await projectA.auth.admin.deleteUser(userId);
    if (error) throw error;
  };
}

/**
 * GoTrue's invite (service role): an account without a password and an e-mail whose link
 * (the project's `invite` template, supabase/project-a/auth/email-templates.json) leads to
 * the app's /auth/confirm. Sent again for an address that has not accepted yet.
 */
export async function sendInvitation(projectA: ProjectAClient, account: { email: string; displayName: string }): Promise<ProvisionResult> {
  const { data, error } = await projectA.auth.admin.inviteUserByEmail(account.email, { data: { full_name: account.displayName } });
  if (error) return refused(error);
  return { ok: true, userId: data.user.id, handover: { kind: 'invitation' } };
}

export function invitationAccounts(projectA: ProjectAClient): AccountProvisioner {
  return { kind: 'invitation', create: (account) => sendInvitation(projectA, account), remove: removeAccount(projectA) };
}

/** Accounts made through the auth admin API (service role) with a temporary password. */
export function temporaryPasswordAccounts(projectA: ProjectAClient): AccountProvisioner {
  return {
    kind: 'temporary_password',
    async create({ email, displayName }) {
      const password = temporaryPassword();
      const { data, error } = await projectA.auth.admin.createUser({
        email,
        password,
        // The admin vouches for the address; there is no confirmation mail to wait for.
        email_confirm: true,
        user_metadata: { full_name: displayName },
      });
      if (error) return refused(error);
      return { ok: true, userId: data.user.id, handover: { kind: 'temporary_password', password } };
    },
    remove: removeAccount(projectA),
  };
}

export function provisionerFor(projectA: ProjectAClient, kind: HandoverKind): AccountProvisioner {
  return kind === 'invitation' ? invitationAccounts(projectA) : temporaryPasswordAccounts(projectA);
}
