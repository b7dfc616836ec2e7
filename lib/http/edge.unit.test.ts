import { describe, expect, it } from 'vitest';
import { isPublicPath } from '@/lib/auth/public-paths';
import { SESSION_COOKIE_MAX_AGE_SECONDS, sessionCookieOptions, withSessionLifetime } from '@/lib/supabase/cookie-options';
import { exceedsBodyLimit } from './body-limit';
import { FILE_CONTENT_SECURITY_POLICY, pageContentSecurityPolicy, pageSecurityHeaders } from './security-headers';
import { isPlainHttpLoopback, requestOrigin } from './site';

describe('requestOrigin', () => {
  it('takes the forwarded scheme and host when a front end set them', () => {
    const headers = new Headers({ host: 'internal:3000', 'x-forwarded-proto': 'https', 'x-forwarded-host': 'app.carebridge.example' });
    expect(requestOrigin(headers).href).toBe('https://app.carebridge.example/');
  });

  it("believes the browser's own Origin over the forwarded headers", () => {
    const headers = new Headers({ host: 'localhost:3000', origin: 'https://app.carebridge.example' });
    expect(requestOrigin(headers).href).toBe('https://app.carebridge.example/');
    expect(requestOrigin(new Headers({ host: 'localhost:3000', origin: 'null' })).href).toBe('http://localhost:3000/');
  });

  it('falls back to the request URL', () => {
    expect(requestOrigin(new Headers(), new URL('http://127.0.0.1:3000/sessions')).href).toBe('http://127.0.0.1:3000/');
  });
});

describe('session cookies', () => {
  it.each([
    ['http://localhost:3000', false],
    ['http://127.0.0.1:3000', false],
    ['http://[::1]:3000', false],
    ['https://localhost:3000', true],
    ['https://app.carebridge.example', true],
    // Plain http anywhere else still gets Secure: the browser drops the cookie rather than send it in clear.
    ['http://carebridge.lan', true],
    ['http://localhost.evil.example', true],
  ])('on %s: Secure is %s', (origin, secure) => {
    expect(sessionCookieOptions(new URL(origin))).toEqual({
      path: '/',
      httpOnly: true,
      secure,
      sameSite: 'lax',
      maxAge: SESSION_COOKIE_MAX_AGE_SECONDS,
    });
    expect(isPlainHttpLoopback(new URL(origin))).toBe(!secure);
  });

  it('replaces the 400 days @supabase/ssr puts back with the session lifetime', () => {
    const set = withSessionLifetime({ path: '/', sameSite: 'lax', httpOnly: false, maxAge: 400 * 86_400 }, new URL('https://x.example'));
    expect(set).toMatchObject({ httpOnly: true, secure: true, maxAge: 12 * 3600 });
  });

  it('keeps a removal a removal', () => {
    expect(withSessionLifetime({ path: '/', maxAge: 0 }, new URL('https://x.example')).maxAge).toBe(0);
  });
});

describe('security headers', () => {
  const page = pageContentSecurityPolicy({ nonce: 'abc123', dev: false, https: true });

  it('lets only scripts with the nonce run on a page', () => {
    expect(page).toContain("script-src 'self' 'nonce-abc123' 'strict-dynamic'");
    expect(page).not.toContain('unsafe-eval');
    expect(page).not.toMatch(/script-src[^;]*'unsafe-inline'/);
  });

  it.each(["frame-ancestors 'none'", "object-src 'none'", "base-uri 'self'", "form-action 'self'"])('has %s on pages and files', (directive) => {
    expect(page).toContain(directive);
    expect(FILE_CONTENT_SECURITY_POLICY).toContain(directive);
  });

  it('allows eval only under next dev', () => {
    expect(pageContentSecurityPolicy({ nonce: 'n', dev: true, https: false })).toContain("'unsafe-eval'");
  });

  it('sends HSTS on https only', () => {
    const keys = (https: boolean) => pageSecurityHeaders({ nonce: 'n', dev: false, https }).map(({ key }) => key);
    expect(keys(true)).toContain('strict-transport-security');
    expect(keys(false)).not.toContain('strict-transport-security');
    expect(keys(false)).toEqual(
      expect.arrayContaining(['content-security-policy', 'x-content-type-options', 'referrer-policy', 'permissions-policy']),
    );
  });
});

describe('exceedsBodyLimit', () => {
  const stream = (...sizes: number[]) =>
    new ReadableStream<Uint8Array>({
      start(controller) {
        for (const size of sizes) controller.enqueue(new Uint8Array(size));
        controller.close();
      },
    });

  it('goes by Content-Length when there is one', async () => {
    expect(await exceedsBodyLimit(new Headers({ 'content-length': '11' }), null, 10)).toBe(true);
    expect(await exceedsBodyLimit(new Headers({ 'content-length': '10' }), null, 10)).toBe(false);
  });

  it('counts a body sent without a length', async () => {
    expect(await exceedsBodyLimit(new Headers(), stream(6, 5), 10)).toBe(true);
    expect(await exceedsBodyLimit(new Headers(), stream(6, 4), 10)).toBe(false);
    expect(await exceedsBodyLimit(new Headers(), null, 10)).toBe(false);
  });
});

describe('isPublicPath', () => {
  it.each([
    ['/login', true],
    ['/api/people/search', true],
    ['/login-help', false],
    ['/apis', false],
    ['/sessions', false],
    ['/', false],
  ])('%s is public: %s', (path, expected) => {
    expect(isPublicPath(path)).toBe(expected);
  });

  it('takes extra public pages', () => {
    expect(isPublicPath('/reset-password', ['/login', '/reset-password'])).toBe(true);
  });
});
