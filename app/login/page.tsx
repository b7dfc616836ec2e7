import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { safeRedirectPath } from '@/lib/auth/safe-redirect';
import { getTherapist } from '@/lib/auth/session';
import { LoginForm } from './login-form';

export const metadata: Metadata = { title: 'Sign in · CareBridge' };

export default async function LoginPage({ searchParams }: { searchParams: Promise<{ next?: string }> }) {
  const { next } = await searchParams;
  if (await getTherapist()) redirect(safeRedirectPath(next));
  return (
    <main className="auth-page">
      <section className="card auth-card" aria-labelledby="login-title">
        <p className="brand">CareBridge</p>
        <h1 id="login-title">Sign in to your practice</h1>
        <LoginForm next={next === undefined ? undefined : safeRedirectPath(next)} />
      </section>
    </main>
  );
}
