import type { NextConfig } from 'next';

const nextConfig: NextConfig = {
  // The e2e run builds into its own folder so it never clobbers a running `next dev`.
  distDir: process.env.NEXT_DIST_DIR ?? '.next',
  serverExternalPackages: ['ws'],
  poweredByHeader: false,
};

export default nextConfig;
