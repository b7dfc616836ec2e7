/*
 * What the app knows about the address a browser used, from the request
 * alone (Next sets x-forwarded-proto on every request it serves). Free of Next
 * so the proxy and the server client share it.
 */

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * The scheme and host the browser used. A browser states it in `Origin` on
 * every POST (each server action, the sign-in included); otherwise it is the
 * request's Host, corrected by the forwarded scheme and host a TLS front end
 * sets. Next's own server-action check already needs those forwarded correctly.
 */
export function requestOrigin(headers: Headers, fallback?: URL): URL {
  const stated = browserOrigin(headers.get('origin'));
  if (stated) return stated;
  const forwardedProto = headers.get('x-forwarded-proto')?.split(',')[0]?.trim();
  const host = headers.get('x-forwarded-host')?.split(',')[0]?.trim() || headers.get('host') || fallback?.host || 'localhost';
  const protocol = forwardedProto === 'https' || forwardedProto === 'http' ? forwardedProto : (fallback?.protocol.replace(':', '') ?? 'http');
  return new URL(`${protocol}://${host}`);
}

function browserOrigin(value: string | null): URL | null {
  if (!value || value === 'null') return null;
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url : null;
  } catch {
    return null;
  }
}

export function isHttps(origin: URL): boolean {
  return origin.protocol === 'https:';
}

/**
 * Plain http on the developer's own machine: the one place a `Secure` cookie
 * would be dropped by some browsers and nothing travels over a network.
 */
export function isPlainHttpLoopback(origin: URL): boolean {
  return origin.protocol === 'http:' && LOOPBACK_HOSTS.has(origin.hostname);
}
