/*
 * The security headers every response carries, decided in one place: the
 * proxy sets them (with a per-request script nonce) on everything it answers,
 * and next.config.ts sets the same ones, with a CSP for files, on what the
 * proxy never sees (built assets, images). Free of Next for that reason.
 */

export interface HeaderPair {
  key: string;
  value: string;
}

/** Two years, with preload eligibility: what hstspreload.org asks for. */
const HSTS = 'max-age=63072000; includeSubDomains; preload';

/** The browser features a therapist dashboard never uses, switched off for the page and anything it embeds. */
const PERMISSIONS_POLICY = [
  'camera=()',
  'microphone=()',
  'geolocation=()',
  'payment=()',
  'usb=()',
  'serial=()',
  'bluetooth=()',
  'hid=()',
  'midi=()',
  'magnetometer=()',
  'gyroscope=()',
  'accelerometer=()',
  'display-capture=()',
  'browsing-topics=()',
].join(', ');

function policy(directives: Record<string, string[]>): string {
  return Object.entries(directives)
    .map(([name, values]) => [name, ...values].join(' '))
    .join('; ');
}

/** What no page or file of this app may do, whatever else it allows. */
const ALWAYS = {
  'object-src': ["'none'"],
  'base-uri': ["'self'"],
  'form-action': ["'self'"],
  'frame-ancestors': ["'none'"],
};

/**
 * A page's policy. Scripts run only with this response's nonce (Next puts it
 * on its own scripts when it finds it in the request's CSP header), and what
 * they load with 'strict-dynamic'. Styles allow inline attributes: React
 * renders `style={…}` as attributes, which a nonce cannot cover.
 * `next dev` needs eval for its error overlay and fast refresh.
 */
export function pageContentSecurityPolicy({ nonce, dev, https }: { nonce: string; dev: boolean; https: boolean }): string {
  return policy({
    'default-src': ["'self'"],
    'script-src': ["'self'", `'nonce-${nonce}'`, "'strict-dynamic'", ...(dev ? ["'unsafe-eval'"] : [])],
    'style-src': ["'self'", "'unsafe-inline'"],
    'img-src': ["'self'", 'data:', 'blob:'],
    'font-src': ["'self'"],
    // The booking picker's search and server actions are same-origin; no browser code talks to Supabase.
    'connect-src': ["'self'"],
    'frame-src': ["'none'"],
    'worker-src': ["'self'"],
    'manifest-src': ["'self'"],
    ...ALWAYS,
    ...(https ? { 'upgrade-insecure-requests': [] } : {}),
  });
}

/** For built scripts, styles and images: nothing in them may act as a page. */
export const FILE_CONTENT_SECURITY_POLICY = policy({ 'default-src': ["'none'"], 'img-src': ["'self'"], 'style-src': ["'self'"], ...ALWAYS });

/** The headers that do not depend on the request, for every response. */
export const COMMON_SECURITY_HEADERS: readonly HeaderPair[] = [
  { key: 'x-content-type-options', value: 'nosniff' },
  // Paths carry client ids: other sites see only the origin.
  { key: 'referrer-policy', value: 'strict-origin-when-cross-origin' },
  { key: 'permissions-policy', value: PERMISSIONS_POLICY },
  // For browsers that predate frame-ancestors.
  { key: 'x-frame-options', value: 'DENY' },
  { key: 'cross-origin-opener-policy', value: 'same-origin' },
];

/** Sent on https only: over plain http a browser ignores it, and localhost must stay reachable over http. */
export const HSTS_HEADER: HeaderPair = { key: 'strict-transport-security', value: HSTS };

/** Every security header for one page response. */
export function pageSecurityHeaders(options: { nonce: string; dev: boolean; https: boolean }): HeaderPair[] {
  return [
    { key: 'content-security-policy', value: pageContentSecurityPolicy(options) },
    ...COMMON_SECURITY_HEADERS,
    ...(options.https ? [HSTS_HEADER] : []),
  ];
}
