import { finished, type FormSpec } from '@/lib/forms/form-action';
import type { FormState } from '@/lib/forms/form-state';
import type { AnyVisitor, SignedInTherapist } from '@/lib/forms/server-action';
import {
  NEW_PASSWORD_FIELDS,
  PASSWORD_RESET_REQUEST_FIELDS,
  newPasswordSchema,
  passwordResetRequestSchema,
  type NewPasswordField,
  type PasswordResetRequestField,
} from './password-reset.schema';

/*
 * The two forms of a password reset, from raw input to the auth server's answer, so the
 * actions stay thin and tests run exactly what the forms run.
 */

/**
 * One answer for every address: with an account, without one, or asked again too soon (the
 * auth server's per-address limit would otherwise tell who has an account).
 */
export const RESET_REQUESTED_MESSAGE =
  'If that address belongs to a CareBridge account, a link to choose a new password is on its way. It works once, for an hour.';

export const passwordResetRequestForm: FormSpec<PasswordResetRequestField, typeof passwordResetRequestSchema, AnyVisitor, never> = {
  action: 'auth.password_reset_request',
  fields: PASSWORD_RESET_REQUEST_FIELDS,
  schema: passwordResetRequestSchema,
  async handle({ email }, { actor, log }): Promise<FormState<PasswordResetRequestField>> {
    // No redirectTo: the project's recovery template links to its Site URL, the app.
    const { error } = await actor.supabase.auth.resetPasswordForEmail(email);
    if (!error || error.code === 'over_email_send_rate_limit') {
      log('auth.password_reset_requested', { level: 'info', outcome: error ? 'rate_limited' : 'accepted' });
      return { status: 'success', message: RESET_REQUESTED_MESSAGE, values: { email } };
    }
    if (error.code === 'validation_failed') return { status: 'error', fieldErrors: { email: ['Enter a valid e-mail address'] } };
    log('auth.password_reset_request_failed', { level: 'error', code: error.code, status: error.status });
    return { status: 'error', message: 'Sending the e-mail is not possible right now. Try again in a moment.' };
  },
};

/** Where a therapist lands once the new password is set: signed in, on their dashboard. */
export const AFTER_NEW_PASSWORD_PATH = '/sessions';

export const newPasswordForm: FormSpec<NewPasswordField, typeof newPasswordSchema, SignedInTherapist, string> = {
  action: 'auth.password_set',
  fields: NEW_PASSWORD_FIELDS,
  secretFields: NEW_PASSWORD_FIELDS,
  schema: newPasswordSchema,
  async handle({ password }, { actor, log }) {
    const { error } = await actor.supabase.auth.updateUser({ password });
    if (!error) {
      // The auth server has ended the therapist's other sessions; this one stays signed in.
      log('auth.password_set', { level: 'info' });
      return finished(AFTER_NEW_PASSWORD_PATH);
    }
    if (error.code === 'same_password') {
      return { status: 'error', fieldErrors: { password: ['Choose a password different from your current one'] } };
    }
    if (error.code === 'weak_password') return { status: 'error', fieldErrors: { password: [error.message] } };
    log('auth.password_set_failed', { level: 'error', code: error.code, status: error.status });
    return { status: 'error', message: 'Saving the new password is not possible right now. Try again in a moment.' };
  },
};
