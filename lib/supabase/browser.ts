import { createBrowserClient } from '@supabase/ssr';
import type { Database } from '@/lib/database/project-a.types';
import { readPublicEnv } from '@/lib/env';

/** Project A as the signed-in therapist, in the browser: anon key only, RLS applies. */
export function createBrowserSupabase() {
  const env = readPublicEnv();
  return createBrowserClient<Database>(env.NEXT_PUBLIC_SUPABASE_URL, env.NEXT_PUBLIC_SUPABASE_ANON_KEY);
}
