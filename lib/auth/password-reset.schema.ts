import { z } from 'zod';

/**
 * The password rule the auth server applies (GOTRUE_PASSWORD_MIN_LENGTH: 6 on a hosted project
 * created today, no character classes required). The form, the action and the auth server's own
 * check must agree, so this is the one place the app states it; password-reset.test.ts holds the
 * local auth server to it.
 */
export const PASSWORD_MIN_LENGTH = 6;
// bcrypt reads 72 bytes; GoTrue refuses a longer password rather than cut it.
const PASSWORD_MAX_BYTES = 72;

const email = z.string().trim().toLowerCase().pipe(z.email('Enter a valid e-mail address'));

export const passwordResetRequestSchema = z.object({ email });

export type PasswordResetRequestField = keyof z.input<typeof passwordResetRequestSchema>;
export const PASSWORD_RESET_REQUEST_FIELDS = ['email'] as const satisfies readonly PasswordResetRequestField[];

export const newPasswordSchema = z
  .object({
    password: z
      .string()
      .min(PASSWORD_MIN_LENGTH, `Use at least ${PASSWORD_MIN_LENGTH} characters`)
      .refine((value) => new TextEncoder().encode(value).length <= PASSWORD_MAX_BYTES, 'Use at most 72 characters'),
    confirmPassword: z.string(),
  })
  .refine((form) => form.password === form.confirmPassword, { path: ['confirmPassword'], message: 'The two passwords differ' });

export type NewPasswordField = keyof z.input<typeof newPasswordSchema>;
export const NEW_PASSWORD_FIELDS = ['password', 'confirmPassword'] as const satisfies readonly NewPasswordField[];

/** The e-mails whose links the app verifies itself: a password reset and a team invitation. */
export const EMAIL_LINK_TYPES = ['recovery', 'invite'] as const;
export type EmailLinkType = (typeof EMAIL_LINK_TYPES)[number];

/**
 * The link of the reset and invitation e-mails (supabase/project-a/auth/templates/): GoTrue's
 * token hash, `pkce_`-prefixed when the request came from a PKCE client, and the verification type.
 */
export const emailLinkSchema = z.object({
  token_hash: z.string().regex(/^(pkce_)?[0-9a-f]{56}$/),
  type: z.enum(EMAIL_LINK_TYPES),
});

/** Why the forgot-password or invitation page was opened from a link that did not work. */
export const LINK_PROBLEMS = ['expired', 'invalid', 'failed'] as const;
export type LinkProblem = (typeof LINK_PROBLEMS)[number];
