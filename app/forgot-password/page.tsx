import type { Metadata } from 'next';
import Link from 'next/link';
import { LINK_PROBLEMS, type LinkProblem } from '@/lib/auth/password-reset.schema';
import { ForgotPasswordForm } from './forgot-password-form';

export const metadata: Metadata = { title: 'Reset your password · CareBridge' };

const LINK_MESSAGES: Record<LinkProblem, string> = {
  expired: 'That reset link has expired or has already been used. Ask for a new one below.',
  invalid: 'That reset link is incomplete. Ask for a new one below, and open the newest e-mail.',
  failed: 'That reset link could not be checked just now. Ask for a new one below, or try the link again in a moment.',
};

function linkProblem(value: string | string[] | undefined): LinkProblem | null {
  return LINK_PROBLEMS.find((problem) => problem === value) ?? null;
}

export default async function ForgotPasswordPage({ searchParams }: { searchParams: Promise<{ link?: string | string[] }> }) {
  const problem = linkProblem((await searchParams).link);
  return (
    <main className="auth-page">
      <section className="card auth-card stack" aria-labelledby="forgot-title">
        <p className="brand">CareBridge</p>
        <h1 id="forgot-title">Reset your password</h1>
        {problem ? (
          <p className="notice error" role="alert" data-test="link-problem">
            {LINK_MESSAGES[problem]}
          </p>
        ) : (
          <p>Enter your e-mail address and we will send you a link to choose a new password.</p>
        )}
        <ForgotPasswordForm />
        <p>
          <Link href="/login">Back to sign in</Link>
        </p>
      </section>
    </main>
  );
}
