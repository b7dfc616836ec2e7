import type { ProjectAClient } from '@/lib/supabase/clients';
import { temporaryPassword } from './temporary-password';

/**
 * How a new member's account comes to exist, and how they first get in. Today
 * the admin hands over a temporary password; an e-mailed invitation can take
 * this place (another provisioner) without the rest of adding a member changing.
 */
export type Handover = { kind: 'temporary_password'; password: string };

export type ProvisionResult =
  { ok: true; userId: string; handover: Handover } | { ok: false; outcome: 'email_taken' } | { ok: false; outcome: 'failed'; detail: string };

export interface AccountProvisioner {
  /** Whether the new member must choose their own password before anything else. */
  readonly mustChoosePassword: boolean;
  create(account: { email: string; displayName: string }): Promise<ProvisionResult>;
  /** Undoes `create` when the membership could not be written, so no half-made account stays behind. */
  remove(userId: string): Promise<void>;
}

/** Accounts made through the auth admin API (service role) with a temporary password. */
export function temporaryPasswordAccounts(projectA: ProjectAClient): AccountProvisioner {
  return {
    mustChoosePassword: true,
    async create({ email, displayName }) {
      const password = temporaryPassword();
      const { data, error } = await projectA.auth.admin.createUser({
        email,
        password,
        // The admin vouches for the address; there is no confirmation mail to wait for.
        email_confirm: true,
        user_metadata: { full_name: displayName },
      });
      // The auth server checks the address inside its own insert, so a taken one leaves nothing behind.
      if (error?.code === 'email_exists') return { ok: false, outcome: 'email_taken' };
      if (error) return { ok: false, outcome: 'failed', detail: `${error.code ?? error.status}: ${error.message}` };
      return { ok: true, userId: data.user.id, handover: { kind: 'temporary_password', password } };
    },
    async remove(userId) {
      const { error } = await projectA.auth.admin.deleteUser(userId);
      if (error) throw error;
    },
  };
}
