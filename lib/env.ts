import { z } from 'zod';

/**
 * Settings, checked once where they are read. A missing or malformed variable
 * fails with its name, instead of surfacing later as a confusing network error.
 */
// Supabase hands out two key formats: opaque `sb_publishable_…`/`sb_secret_…` keys, and the legacy JWT keys.
const LEGACY_JWT = /^[\w-]+\.[\w-]+\.[\w-]+$/;

/** The key the browser gets: a publishable key or the legacy anon JWT, never a secret key. */
const publicApiKey = (project: string) =>
  z
    .string()
    .refine((key) => !key.startsWith('sb_secret_'), {
      message: `is a secret key; use the Project ${project} publishable key here, it reaches the browser`,
      abort: true,
    })
    .refine(
      (key) => key.startsWith('sb_publishable_') || LEGACY_JWT.test(key),
      `must be the Project ${project} publishable key (sb_publishable_…) or its legacy anon key`,
    );

/** A server-only key: a secret key or the legacy service_role JWT. */
const secretApiKey = (project: string) =>
  z
    .string()
    .refine((key) => !key.startsWith('sb_publishable_'), {
      message: `is the publishable key; use a Project ${project} secret key (sb_secret_…) here`,
      abort: true,
    })
    .refine(
      (key) => key.startsWith('sb_secret_') || LEGACY_JWT.test(key),
      `must be a Project ${project} secret key (sb_secret_…) or its legacy service_role key`,
    );

const publicSchema = z.object({
  NEXT_PUBLIC_SUPABASE_URL: z.url({ message: 'must be the Project A URL, e.g. https://<ref>.supabase.co' }),
  NEXT_PUBLIC_SUPABASE_ANON_KEY: publicApiKey('A'),
});

const serverSchema = publicSchema.extend({
  SUPABASE_SERVICE_ROLE_KEY: secretApiKey('A'),
  PROJECT_B_SUPABASE_URL: z.url({ message: 'must be the Project B URL' }),
  PROJECT_B_SERVICE_ROLE_KEY: secretApiKey('B'),
  SYNC_API_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  // Vercel sends it as `Authorization: Bearer $CRON_SECRET` on cron invocations (GET /api/sync/cron).
  CRON_SECRET: z.string().min(16, 'must be at least 16 characters').optional(),
  // Project B belongs to another app: CareBridge writes there (invitations) only when its owner agreed.
  PROJECT_B_WRITES: z.enum(['enabled', 'disabled'], { message: 'must be "enabled" or "disabled"' }).default('disabled'),
});

export type PublicEnv = z.infer<typeof publicSchema>;
export type ServerEnv = z.infer<typeof serverSchema>;

export class EnvError extends Error {
  override name = 'EnvError';
}

function parse<T extends z.ZodType>(schema: T, source: Record<string, string | undefined>): z.infer<T> {
  const result = schema.safeParse(source);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const name = issue.path.join('.');
    return source[name] === undefined || source[name] === '' ? `${name} is not set` : `${name} ${issue.message}`;
  });
  throw new EnvError(`CareBridge settings are incomplete: ${problems.join('; ')}. See README.md, "Settings".`);
}

/**
 * Next.js inlines NEXT_PUBLIC_* only where they are written out literally, so
 * the browser-visible settings are read by name rather than from process.env as a whole.
 */
export function readPublicEnv(): PublicEnv {
  return parse(publicSchema, {
    NEXT_PUBLIC_SUPABASE_URL: process.env.NEXT_PUBLIC_SUPABASE_URL,
    NEXT_PUBLIC_SUPABASE_ANON_KEY: process.env.NEXT_PUBLIC_SUPABASE_ANON_KEY,
  });
}

/** Whether CareBridge may create accounts in Project B (README, "Settings"). Off unless set to `enabled`. */
export function projectBWritesEnabled(env: Pick<ServerEnv, 'PROJECT_B_WRITES'>): boolean {
  return env.PROJECT_B_WRITES === 'enabled';
}

export function readServerEnv(source: Record<string, string | undefined> = process.env): ServerEnv {
  return parse(serverSchema, source);
}
