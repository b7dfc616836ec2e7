import { z } from 'zod';
import { singleLineText } from '@/lib/forms/field-schemas';
import { safeRedirectPath } from './safe-redirect';

export const signInSchema = z.object({
  email: singleLineText().trim().toLowerCase().pipe(z.email('Enter a valid e-mail address')),
  password: singleLineText().min(1, 'Enter your password'),
  /** Where the proxy was sending the therapist before it asked them to sign in. */
  next: z
    .string()
    .optional()
    .transform((next) => safeRedirectPath(next)),
});

export type SignInField = keyof z.input<typeof signInSchema>;
export const SIGN_IN_FIELDS = ['email', 'password', 'next'] as const satisfies readonly SignInField[];
