import type { NextConfig } from 'next';

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
  },
};

export default nextConfig;
