import { INSUFFICIENT_PRIVILEGE, INVALID_PARAMETER_VALUE, hasCode } from '@/lib/database/postgres-errors';
import { logEvent, type EventLogger } from '@/lib/observability/log';
import type { ProjectAClient } from '@/lib/supabase/clients';
import type { PasswordChangeField, PasswordChangeInput, SettingsField, SettingsInput } from './settings.schema';

/**
 * - not_member: the caller has no active membership; nothing was written
 * - invalid_time_zone: the database does not know the zone
 * - wrong_password: the current password does not match
 * - weak_password: the auth server's strength rules refused the new one
 * - reauthentication_needed: the project wants a fresh sign-in before a password change
 * - failed: refused for another reason; its wording is in the log only
 */
export type SettingsFailure = 'not_member' | 'invalid_time_zone' | 'wrong_password' | 'weak_password' | 'reauthentication_needed' | 'failed';

export const SETTINGS_MESSAGES: Record<SettingsFailure, string> = {
  not_member: 'Only the practice’s members have settings here.',
  invalid_time_zone: 'This time zone is not one the practice database knows. Choose another.',
  wrong_password: 'That is not your current password.',
  weak_password: 'Choose a stronger password.',
  reauthentication_needed: 'For your safety, sign out and in again, then change your password.',
  failed: 'The change could not be saved. Please try again.',
};

type Failure<Field extends string> = { ok: false; outcome: SettingsFailure; message: string; field?: Field };

export type UpdateSettingsResult = { ok: true; outcome: 'updated' | 'unchanged' } | Failure<SettingsField>;
export type ChangePasswordResult = { ok: true; outcome: 'password_changed' } | Failure<PasswordChangeField>;

function failure<Field extends string>(outcome: SettingsFailure, field?: Field): Failure<Field> {
  return { ok: false, outcome, message: SETTINGS_MESSAGES[outcome], ...(field ? { field } : {}) };
}

export interface SettingsOptions {
  log?: EventLogger;
}

/** The member's own name and zone, changed and audited in one call (the member id comes from the verified user). */
export async function updateOwnSettings(
  projectA: ProjectAClient,
  memberId: string,
  input: SettingsInput,
  { log = logEvent }: SettingsOptions = {},
): Promise<UpdateSettingsResult> {
  const { data, error } = await projectA.rpc('update_member_settings', {
    member: memberId,
    new_display_name: input.displayName,
    new_time_zone: input.timeZone,
  });
  if (!error) return { ok: true, outcome: data ? 'updated' : 'unchanged' };
  if (hasCode(error, INVALID_PARAMETER_VALUE)) return failure('invalid_time_zone', 'timeZone');
  if (hasCode(error, INSUFFICIENT_PRIVILEGE)) return failure('not_member');
  log('settings.save_refused', { level: 'error', memberId, code: error.code, detail: error.message });
  return failure('failed');
}

/**
 * Changes the signed-in member's password through the auth server as that
 * member (`asMember` carries their session, which stays signed in while their
 * other sessions end), then records that it changed, never the password.
 */
export async function changeOwnPassword(
  asMember: ProjectAClient,
  projectA: ProjectAClient,
  memberId: string,
  input: PasswordChangeInput,
  { log = logEvent }: SettingsOptions = {},
): Promise<ChangePasswordResult> {
  // GoTrue checks current_password when the project requires it; the local auth server always does.
  const { error } = await asMember.auth.updateUser({ password: input.newPassword, current_password: input.currentPassword });
  if (error) {
    switch (error.code) {
      case 'current_password_invalid':
      case 'current_password_required':
        return failure('wrong_password', 'currentPassword');
      case 'weak_password':
      case 'same_password':
        return {
          ...failure('weak_password', 'newPassword'),
          message: error.code === 'same_password' ? 'Choose a password different from the current one.' : SETTINGS_MESSAGES.weak_password,
        };
      case 'reauthentication_needed':
        return failure('reauthentication_needed');
      default:
        log('settings.password_refused', { level: 'error', memberId, code: error.code, status: error.status });
        return failure('failed');
    }
  }
  const recorded = await projectA.rpc('record_password_change', { member: memberId });
  if (recorded.error) {
    // The password did change; asking again with the new one as current converges.
    log('settings.password_unrecorded', { level: 'error', memberId, code: recorded.error.code, detail: recorded.error.message });
    return {
      ok: false,
      outcome: 'failed',
      message: 'Your new password is set, but saving that failed. Try again with the new password as the current one.',
    };
  }
  return { ok: true, outcome: 'password_changed' };
}
