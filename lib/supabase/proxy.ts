import { createServerClient } from '@supabase/ssr';
import { NextResponse, type NextRequest } from 'next/server';
import { isPublicPath } from '@/lib/auth/public-paths';
import { safeRedirectPath } from '@/lib/auth/safe-redirect';
import type { Database } from '@/lib/database/project-a.types';
import { readPublicEnv } from '@/lib/env';
import { projectARequests } from './clients';
import { sessionCookieOptions, withSessionLifetime } from './cookie-options';

/** Whatever a signed-in user is sent is theirs alone: no shared cache may keep it. */
const SIGNED_IN_CACHE_CONTROL = 'private, no-store';

export interface SessionRequest {
  /** The scheme and host the browser used: decides the cookies' `Secure` flag. */
  origin: URL;
  /** Headers the app should see on this request besides the browser's (the CSP that carries the script nonce). */
  forwardHeaders: Record<string, string>;
}

/**
 * Refreshes the therapist's session on every request the proxy sees (so
 * Server Components see fresh tokens) and sends signed-out visitors to /login.
 * Pages and actions still verify the user themselves: this is convenience, not the guard.
 */
export async function updateSession(request: NextRequest, { origin, forwardHeaders }: SessionRequest): Promise<NextResponse> {
  const env = readPublicEnv();
  const forward = () => {
    // Built from request.headers each time: setAll below changes the request's cookies first.
    const headers = new Headers(request.headers);
    for (const [key, value] of Object.entries(forwardHeaders)) headers.set(key, value);
    return NextResponse.next({ request: { headers } });
  };
  let response = forward();
  const supabase = createServerClient<Database>(env.NEXT_PUBLIC_SUPABASE_URL, env.NEXT_PUBLIC_SUPABASE_ANON_KEY, {
    ...projectARequests,
    cookieOptions: sessionCookieOptions(origin),
    cookies: {
      getAll: () => request.cookies.getAll(),
      setAll(cookiesToSet, headers) {
        for (const { name, value } of cookiesToSet) request.cookies.set(name, value);
        response = forward();
        for (const { name, value, options } of cookiesToSet) response.cookies.set(name, value, withSessionLifetime(options, origin));
        // A shared cache must never keep a response that sets someone's session cookie.
        for (const [key, value] of Object.entries(headers ?? {})) response.headers.set(key, value);
      },
    },
  });

  // Nothing may run between creating the client and this call: it is what refreshes the tokens.
  const { data } = await supabase.auth.getClaims();

  if (data?.claims) {
    response.headers.set('cache-control', SIGNED_IN_CACHE_CONTROL);
    return response;
  }
  if (isPublicPath(request.nextUrl.pathname)) return response;

  const login = request.nextUrl.clone();
  login.pathname = '/login';
  const next = safeRedirectPath(request.nextUrl.pathname + request.nextUrl.search, '/');
  login.search = next === '/' ? '' : `?next=${encodeURIComponent(next)}`;
  const redirect = NextResponse.redirect(login);
  for (const cookie of response.cookies.getAll()) redirect.cookies.set(cookie);
  redirect.headers.set('cache-control', 'no-store');
  return redirect;
}
