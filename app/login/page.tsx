import type { Metadata } from 'next';
import Link from 'next/link';
import { redirect } from 'next/navigation';
import { getTherapist } from '@/lib/auth/session';
import { LoginForm } from './login-form';

export const metadata: Metadata = { title: 'Sign in · CareBridge' };

export default async function LoginPage({ searchParams }: { searchParams: Promise<{ next?: string }> }) {
  if (await getTherapist()) redirect('/sessions');
  const { next } = await searchParams;
  return (
    <main className="auth-page">
      <section className="card auth-card" aria-labelledby="login-title">
        <p className="brand">CareBridge</p>
        <h1 id="login-title">Sign in to your practice</h1>
        <LoginForm next={next} />
        <p className="auth-aside">
          <Link href="/forgot-password">Forgot password?</Link>
        </p>
      </section>
    </main>
  );
}
