'use server';

import { passwordResetRequestForm } from '@/lib/auth/password-reset';
import type { PasswordResetRequestField } from '@/lib/auth/password-reset.schema';
import type { FormState } from '@/lib/forms/form-state';
import { publicFormAction } from '@/lib/forms/server-action';

export async function requestPasswordReset(
  _previous: FormState<PasswordResetRequestField>,
  formData: FormData,
): Promise<FormState<PasswordResetRequestField>> {
  // The form only ever answers with a message; nothing finishes with a redirect.
  return publicFormAction(formData, passwordResetRequestForm, () => ({ status: 'idle' }));
}
