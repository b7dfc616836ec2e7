import type { NextConfig } from 'next';
import { REQUEST_BODY_LIMIT } from './lib/http/body-limit';
import { COMMON_SECURITY_HEADERS, FILE_CONTENT_SECURITY_POLICY, HSTS_HEADER } from './lib/http/security-headers';

const nextConfig: NextConfig = {
  // The e2e run builds into its own folder so it never clobbers a running `next dev`.
  distDir: process.env.NEXT_DIST_DIR ?? '.next',
  poweredByHeader: false,
  // `next dev` serves its dev resources (HMR, chunks) only to localhost by default; the
  // README's other address, http://127.0.0.1:3000, would never hydrate.
  allowedDevOrigins: ['127.0.0.1'],
  experimental: {
    // forbidden() (/sync for non-admins) answers 403 with app/forbidden.tsx.
    authInterrupts: true,
    // The proxy answers 413 first (lib/http/body-limit.ts); this is the same limit inside Next.
    serverActions: { bodySizeLimit: REQUEST_BODY_LIMIT },
  },
  /*
   * Every response, including the built assets and images the proxy never
   * sees. For pages and route handlers the proxy sets the same headers again,
   * with a CSP that carries the request's script nonce in place of this one.
   */
  async headers() {
    return [
      { source: '/:path*', headers: [{ key: 'content-security-policy', value: FILE_CONTENT_SECURITY_POLICY }, ...COMMON_SECURITY_HEADERS] },
      { source: '/:path*', has: [{ type: 'header', key: 'x-forwarded-proto', value: 'https' }], headers: [HSTS_HEADER] },
    ];
  },
};

export default nextConfig;
