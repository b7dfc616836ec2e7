import { z } from 'zod';
import { displayNameSchema } from './team.schema';
import { timeZoneSchema } from './time-zone.schema';

/** A member's own name and zone (/settings). */
export const settingsSchema = z.object({ displayName: displayNameSchema, timeZone: timeZoneSchema });
export type SettingsInput = z.output<typeof settingsSchema>;
export type SettingsField = keyof z.input<typeof settingsSchema>;
export const SETTINGS_FIELDS = ['displayName', 'timeZone'] as const satisfies readonly SettingsField[];

// bcrypt reads at most 72 bytes; the auth server refuses longer passwords.
const MAX_PASSWORD_BYTES = 72;
export const MIN_PASSWORD_LENGTH = 12;

const newPasswordSchema = z
  .string()
  .min(MIN_PASSWORD_LENGTH, `At least ${MIN_PASSWORD_LENGTH} characters`)
  .refine((password) => new TextEncoder().encode(password).length <= MAX_PASSWORD_BYTES, `At most ${MAX_PASSWORD_BYTES} bytes`)
  .refine((password) => password.trim() !== '', 'A password of spaces only is not allowed');

/**
 * A new password, typed twice, and the current one: a stolen session alone
 * must not be able to lock the owner out (see the README on "Require current
 * password when updating"). At first sign-in the current one is the temporary password.
 */
export const passwordChangeSchema = z
  .object({
    currentPassword: z.string().min(1, 'Enter your current password'),
    newPassword: newPasswordSchema,
    confirmPassword: z.string(),
  })
  .refine(({ newPassword, confirmPassword }) => newPassword === confirmPassword, {
    message: 'The two new passwords differ',
    path: ['confirmPassword'],
  })
  .refine(({ currentPassword, newPassword }) => currentPassword !== newPassword, {
    message: 'Choose a password different from the current one',
    path: ['newPassword'],
  });
export type PasswordChangeInput = z.output<typeof passwordChangeSchema>;
export type PasswordChangeField = keyof z.input<typeof passwordChangeSchema>;
export const PASSWORD_CHANGE_FIELDS = ['currentPassword', 'newPassword', 'confirmPassword'] as const satisfies readonly PasswordChangeField[];
