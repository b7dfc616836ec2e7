import type { Metadata } from 'next';
import Link from 'next/link';
import { redirect } from 'next/navigation';
import { NotAMember } from '@/app/_components/not-a-member';
import { safeRedirectPath } from '@/lib/auth/safe-redirect';
import { getVisitor } from '@/lib/auth/session';
import { LoginForm } from './login-form';

export const metadata: Metadata = { title: 'Sign in · CareBridge' };

export default async function LoginPage({ searchParams }: { searchParams: Promise<{ next?: string }> }) {
  const visitor = await getVisitor();
  const { next } = await searchParams;
  if (visitor.status === 'member') redirect(safeRedirectPath(next));
  // Signed in without a practice: sending them on would bounce straight back here.
  if (visitor.status === 'not_a_member') return <NotAMember email={visitor.email} />;
  return (
    <main className="auth-page">
      <section className="card auth-card" aria-labelledby="login-title">
        <p className="brand">CareBridge</p>
        <h1 id="login-title">Sign in to your practice</h1>
        <LoginForm next={next === undefined ? undefined : safeRedirectPath(next)} />
        <p className="auth-aside">
          <Link href="/forgot-password">Forgot password?</Link>
        </p>
      </section>
    </main>
  );
}
