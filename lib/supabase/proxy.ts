import { createServerClient } from '@supabase/ssr';
import { NextResponse, type NextRequest } from 'next/server';
import type { Database } from '@/lib/database/project-a.types';
import { readPublicEnv } from '@/lib/env';

/**
 * Paths the proxy never redirects. Route handlers under /api answer for
 * themselves (401 JSON for a missing session or token): a redirect to an HTML
 * login page would only confuse the picker's fetch or a scheduler.
 */
const PUBLIC_PATHS = ['/login', '/api', '/forgot-password', '/auth/confirm'];

/**
 * Refreshes the therapist's session on every page request (so Server
 * Components see fresh tokens) and sends signed-out visitors to /login.
 * Pages and actions still verify the user themselves: this is convenience, not the guard.
 */
export async function updateSession(request: NextRequest): Promise<NextResponse> {
  const env = readPublicEnv();
  let response = NextResponse.next({ request });
  const supabase = createServerClient<Database>(env.NEXT_PUBLIC_SUPABASE_URL, env.NEXT_PUBLIC_SUPABASE_ANON_KEY, {
    cookies: {
      getAll: () => request.cookies.getAll(),
      setAll(cookiesToSet, headers) {
        for (const { name, value } of cookiesToSet) request.cookies.set(name, value);
        response = NextResponse.next({ request });
        for (const { name, value, options } of cookiesToSet) response.cookies.set(name, value, options);
        // A shared cache must never keep a response that sets someone's session cookie.
        for (const [key, value] of Object.entries(headers ?? {})) response.headers.set(key, value);
      },
    },
  });

  // Nothing may run between creating the client and this call: it is what refreshes the tokens.
  const { data } = await supabase.auth.getClaims();

  const path = request.nextUrl.pathname;
  const isPublic = PUBLIC_PATHS.some((prefix) => path === prefix || path.startsWith(`${prefix}/`));
  if (!data?.claims && !isPublic) {
    const login = request.nextUrl.clone();
    login.pathname = '/login';
    login.search = path === '/' ? '' : `?next=${encodeURIComponent(path + request.nextUrl.search)}`;
    const redirect = NextResponse.redirect(login);
    for (const cookie of response.cookies.getAll()) redirect.cookies.set(cookie);
    return redirect;
  }
  return response;
}
