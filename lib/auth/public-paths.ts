/**
 * Paths a signed-out visitor may open without being sent to /login. Add a
 * public page (a password reset, say) here. Route handlers under /api answer
 * for themselves (401 JSON for a missing session or token): a redirect to an
 * HTML login page would only confuse the picker's fetch or a scheduler.
 */
export const PUBLIC_PATHS: readonly string[] = ['/login', '/api', '/forgot-password', '/auth/confirm', '/accept-invitation'];

/** A path is public when it is one of PUBLIC_PATHS or below one (`/api/…`), never just a prefix of the name (`/login-x`). */
export function isPublicPath(pathname: string, publicPaths: readonly string[] = PUBLIC_PATHS): boolean {
  return publicPaths.some((prefix) => pathname === prefix || pathname.startsWith(`${prefix}/`));
}
