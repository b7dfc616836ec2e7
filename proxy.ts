import { NextResponse, type NextRequest } from 'next/server';
import { BODY_TOO_LARGE_MESSAGE, exceedsBodyLimit } from '@/lib/http/body-limit';
import { pageContentSecurityPolicy, pageSecurityHeaders, type HeaderPair } from '@/lib/http/security-headers';
import { isHttps, requestOrigin } from '@/lib/http/site';
import { updateSession } from '@/lib/supabase/proxy';

const dev = process.env.NODE_ENV === 'development';

function withHeaders(response: NextResponse, headers: readonly HeaderPair[]): NextResponse {
  for (const { key, value } of headers) response.headers.set(key, value);
  return response;
}

/**
 * Next answers an oversized server action with a 500 and route handlers read
 * whatever they are sent, so the limit is enforced here, once, with a 413 that says why.
 */
function bodyTooLarge(request: NextRequest): NextResponse {
  const headers = { 'cache-control': 'no-store' };
  if (request.nextUrl.pathname.startsWith('/api/')) {
    return NextResponse.json({ error: 'payload_too_large', message: BODY_TOO_LARGE_MESSAGE }, { status: 413, headers });
  }
  return new NextResponse(BODY_TOO_LARGE_MESSAGE, { status: 413, headers: { ...headers, 'content-type': 'text/plain; charset=utf-8' } });
}

export async function proxy(request: NextRequest) {
  const origin = requestOrigin(request.headers, request.nextUrl);
  const nonce = Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString('base64');
  const policy = { nonce, dev, https: isHttps(origin) };
  const security = pageSecurityHeaders(policy);

  if (request.method !== 'GET' && request.method !== 'HEAD' && (await exceedsBodyLimit(request.headers, request.body))) {
    return withHeaders(bodyTooLarge(request), security);
  }
  // Next reads the nonce from the request's CSP header and puts it on the scripts it renders.
  const response = await updateSession(request, { origin, forwardHeaders: { 'content-security-policy': pageContentSecurityPolicy(policy) } });
  return withHeaders(response, security);
}

export const config = {
  // Every page and route handler, but not built assets or images: next.config.ts gives those their headers.
  matcher: ['/((?!_next/static|_next/image|favicon.ico|.*\\.(?:svg|png|jpg|jpeg|gif|webp|ico)$).*)'],
};
