import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { NotAMember } from '@/app/_components/not-a-member';
import { getVisitor } from '@/lib/auth/session';
import { LoginForm } from './login-form';

export const metadata: Metadata = { title: 'Sign in · CareBridge' };

export default async function LoginPage({ searchParams }: { searchParams: Promise<{ next?: string }> }) {
  const visitor = await getVisitor();
  if (visitor.status === 'member') redirect('/sessions');
  // Signed in without a practice: sending them on would bounce straight back here.
  if (visitor.status === 'not_a_member') return <NotAMember email={visitor.email} />;
  const { next } = await searchParams;
  return (
    <main className="auth-page">
      <section className="card auth-card" aria-labelledby="login-title">
        <p className="brand">CareBridge</p>
        <h1 id="login-title">Sign in to your practice</h1>
        <LoginForm next={next} />
      </section>
    </main>
  );
}
