/*
 * What the app knows about the address a browser used, from the request
 * alone (Next sets x-forwarded-proto on every request it serves). Free of Next
 * so the proxy, the server client and next.config.ts share it.
 */

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/** The scheme and host the browser used: the request's own URL, corrected by the forwarded scheme when a TLS front end set one. */
export function requestOrigin(headers: Headers, fallback?: URL): URL {
  const forwardedProto = headers.get('x-forwarded-proto')?.split(',')[0]?.trim();
  const host = headers.get('x-forwarded-host')?.split(',')[0]?.trim() || headers.get('host') || fallback?.host || 'localhost';
  const protocol = forwardedProto === 'https' || forwardedProto === 'http' ? forwardedProto : (fallback?.protocol.replace(':', '') ?? 'http');
  return new URL(`${protocol}://${host}`);
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
