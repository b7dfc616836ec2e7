import 'server-only';
import { createServerClient } from '@supabase/ssr';
import { cookies, headers } from 'next/headers';
import type { Database } from '@/lib/database/project-a.types';
import { readPublicEnv } from '@/lib/env';
import { projectARequests } from './clients';
import { requestOrigin } from '@/lib/http/site';
import { sessionCookieOptions, withSessionLifetime } from './cookie-options';

/**
 * A Project A client acting as the signed-in therapist, made per request
 * because it carries that request's cookies.
 */
export async function createServerSupabase() {
  const env = readPublicEnv();
  const cookieStore = await cookies();
  const origin = requestOrigin(await headers());
  return createServerClient<Database>(env.NEXT_PUBLIC_SUPABASE_URL, env.NEXT_PUBLIC_SUPABASE_ANON_KEY, {
    ...projectARequests,
    cookieOptions: sessionCookieOptions(origin),
    cookies: {
      getAll: () => cookieStore.getAll(),
      setAll(cookiesToSet) {
        try {
          for (const { name, value, options } of cookiesToSet) cookieStore.set(name, value, withSessionLifetime(options, origin));
        } catch {
          // Server Components cannot set cookies; the proxy refreshes the session on the next request.
        }
      },
    },
  });
}
