'use server';

import { redirect } from 'next/navigation';
import type { NewPasswordField } from '@/lib/auth/password-reset.schema';
import type { FormState } from '@/lib/forms/form-state';
import { invitedAccountFormAction } from '@/lib/forms/server-action';
import { AFTER_INVITATION_PATH, acceptInvitationForm } from '@/lib/team/accept-invitation';

export async function acceptInvitation(_previous: FormState<NewPasswordField>, formData: FormData): Promise<FormState<NewPasswordField>> {
  return invitedAccountFormAction(formData, acceptInvitationForm, () => redirect(AFTER_INVITATION_PATH));
}
