'use server';

import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { finished } from '@/lib/forms/form-action';
import type { FormState } from '@/lib/forms/form-state';
import { therapistFormAction } from '@/lib/forms/server-action';
import { getServiceClients } from '@/lib/supabase/service';
import { changeOwnPassword, updateOwnSettings } from '@/lib/team/own-settings';
import {
  PASSWORD_CHANGE_FIELDS,
  SETTINGS_FIELDS,
  passwordChangeSchema,
  settingsSchema,
  type PasswordChangeField,
  type SettingsField,
} from '@/lib/team/settings.schema';

export async function saveSettingsAction(_previous: FormState<SettingsField>, formData: FormData): Promise<FormState<SettingsField>> {
  return therapistFormAction(
    formData,
    {
      action: 'settings.save',
      fields: SETTINGS_FIELDS,
      schema: settingsSchema,
      invalidMessage: 'Some fields need attention.',
      async handle(input, { actor, log }) {
        // The member is the verified caller, never a field of the form.
        const result = await updateOwnSettings(getServiceClients().projectA, actor.therapist.id, input, { log });
        log('settings.saved', { level: result.ok ? 'info' : 'warn', outcome: result.outcome });
        if (!result.ok) {
          return { status: 'error', message: result.message, ...(result.field ? { fieldErrors: { [result.field]: [result.message] } } : {}) };
        }
        return finished(result.outcome);
      },
    },
    (outcome) => {
      // The name in the top bar and every date on every page follow the settings.
      revalidatePath('/', 'layout');
      return { status: 'success', message: outcome === 'updated' ? 'Settings saved.' : 'Nothing to change.' };
    },
  );
}

/** Shared by /settings and the first-sign-in page, the one action a temporary password may use. */
async function passwordChange(formData: FormData, action: string) {
  return therapistFormAction(
    formData,
    {
      action,
      fields: PASSWORD_CHANGE_FIELDS,
      secretFields: PASSWORD_CHANGE_FIELDS,
      schema: passwordChangeSchema,
      invalidMessage: 'Some fields need attention.',
      async handle(input, { actor, log }) {
        const result = await changeOwnPassword(actor.supabase, getServiceClients().projectA, actor.therapist.id, input, { log });
        log('settings.password_changed', { level: result.ok ? 'info' : 'warn', outcome: result.outcome });
        if (!result.ok) {
          return { status: 'error', message: result.message, ...(result.field ? { fieldErrors: { [result.field]: [result.message] } } : {}) };
        }
        return finished(result.outcome);
      },
    },
    (): FormState<PasswordChangeField> => ({ status: 'success', message: 'Password changed. Your other devices are signed out.' }),
    { withTemporaryPassword: true },
  );
}

export async function changePasswordAction(_previous: FormState<PasswordChangeField>, formData: FormData): Promise<FormState<PasswordChangeField>> {
  return passwordChange(formData, 'settings.change_password');
}

export async function choosePasswordAction(_previous: FormState<PasswordChangeField>, formData: FormData): Promise<FormState<PasswordChangeField>> {
  const state = await passwordChange(formData, 'settings.choose_password');
  // After the try in runForm, as every redirect: the member may now use the app.
  if (state.status === 'success') redirect('/sessions');
  return state;
}
