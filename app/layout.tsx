import type { Metadata } from 'next';
import { connection } from 'next/server';
import type { ReactNode } from 'react';
import './globals.css';

export const metadata: Metadata = {
  title: 'CareBridge',
  description: 'Sessions and clients for your therapy practice',
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  // Rendered per request, every page: Next puts the nonce of the request's CSP (proxy.ts) on its
  // scripts, which a page built ahead of time could not carry.
  await connection();
  return (
    <html lang="en">
      <body>{children}</body>
    </html>
  );
}
