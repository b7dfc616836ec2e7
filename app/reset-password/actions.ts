'use server';

import { redirect } from 'next/navigation';
import { AFTER_NEW_PASSWORD_PATH, newPasswordForm } from '@/lib/auth/password-reset';
import type { NewPasswordField } from '@/lib/auth/password-reset.schema';
import type { FormState } from '@/lib/forms/form-state';
import { therapistFormAction } from '@/lib/forms/server-action';

export async function setNewPassword(_previous: FormState<NewPasswordField>, formData: FormData): Promise<FormState<NewPasswordField>> {
  return therapistFormAction(formData, newPasswordForm, () => redirect(AFTER_NEW_PASSWORD_PATH));
}
