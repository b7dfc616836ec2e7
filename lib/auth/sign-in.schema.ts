import { z } from 'zod';

export const signInSchema = z.object({
  email: z.string().trim().toLowerCase().pipe(z.email('Enter a valid e-mail address')),
  password: z.string().min(1, 'Enter your password'),
  /** Where the proxy was sending the therapist before it asked them to sign in. */
  next: z.string().optional().transform(safeNextPath),
});

export type SignInField = keyof z.input<typeof signInSchema>;
export const SIGN_IN_FIELDS = ['email', 'password', 'next'] as const satisfies readonly SignInField[];

/** Only same-site paths: a crafted ?next=https://… must not bounce a therapist to another site. */
export function safeNextPath(next: unknown): string {
  if (typeof next !== 'string' || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return '/sessions';
  return next;
}
