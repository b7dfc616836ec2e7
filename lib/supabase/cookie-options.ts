import type { CookieOptions, CookieOptionsWithName } from '@supabase/ssr';
import { isPlainHttpLoopback } from '@/lib/http/site';

/**
 * How long a session cookie lives after it was last written: 12 hours, a
 * working day. The cookie is rewritten whenever the tokens are refreshed, which
 * with GoTrue's default access-token lifetime (JWT expiry, 3600 s) is at least
 * hourly while the therapist uses the app, so this works as an inactivity
 * limit: a day away means signing in again. GoTrue's refresh tokens
 * themselves never expire unless the project sets a session time-box or
 * inactivity timeout (Auth → Sessions); the README asks hosted projects to set
 * the inactivity timeout to the same 12 hours so the server agrees.
 * @supabase/ssr's default is 400 days.
 */
export const SESSION_COOKIE_MAX_AGE_SECONDS = 12 * 60 * 60;

/**
 * The session cookies' flags, given to @supabase/ssr where each client is
 * made. No browser code reads these cookies (the app has no browser Supabase
 * client), so they are HttpOnly; `Secure` everywhere but plain-http localhost.
 */
export function sessionCookieOptions(origin: URL): CookieOptionsWithName {
  return {
    path: '/',
    httpOnly: true,
    secure: !isPlainHttpLoopback(origin),
    sameSite: 'lax',
    maxAge: SESSION_COOKIE_MAX_AGE_SECONDS,
  };
}

/**
 * @supabase/ssr 0.12 spreads `cookieOptions` but then puts its own 400-day
 * `maxAge` back on every cookie it sets, so the lifetime is applied again to
 * what reaches `setAll`. A removal (maxAge 0) stays a removal.
 */
export function withSessionLifetime(options: CookieOptions, origin: URL): CookieOptions {
  const removal = options.maxAge === 0 || (options.expires !== undefined && options.expires.getTime() <= Date.now());
  return { ...options, ...sessionCookieOptions(origin), ...(removal ? { maxAge: 0 } : {}) };
}
