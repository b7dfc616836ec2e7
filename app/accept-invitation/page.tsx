import type { Metadata } from 'next';
import Link from 'next/link';
import { redirect } from 'next/navigation';
import { NotAMember } from '@/app/_components/not-a-member';
import { ResetPasswordForm } from '@/app/reset-password/reset-password-form';
import { LINK_PROBLEMS, type LinkProblem } from '@/lib/auth/password-reset.schema';
import { getVisitor } from '@/lib/auth/session';
import { createServerSupabase } from '@/lib/supabase/server';
import { getServiceClients } from '@/lib/supabase/service';
import { checkInvitedAccount } from '@/lib/team/accept-invitation';
import { acceptInvitation } from './actions';

export const metadata: Metadata = { title: 'Join your practice · CareBridge' };

const ASK_AGAIN = 'Ask your practice’s admin to send you a new invitation from the Team page.';

const LINK_MESSAGES: Record<LinkProblem, string> = {
  expired: `That invitation link has expired or has already been used. ${ASK_AGAIN}`,
  invalid: `That invitation link is incomplete. Open the newest invitation e-mail, or: ${ASK_AGAIN.toLowerCase()}`,
  failed: `That invitation link could not be checked just now. Try it again in a moment. If it still fails: ${ASK_AGAIN.toLowerCase()}`,
};

function linkProblem(value: string | string[] | undefined): LinkProblem | null {
  return LINK_PROBLEMS.find((problem) => problem === value) ?? null;
}

function Card({ children }: { children: React.ReactNode }) {
  return (
    <main className="auth-page">
      <section className="card auth-card stack" aria-labelledby="invitation-title" data-test="accept-invitation">
        <p className="brand">CareBridge</p>
        {children}
      </section>
    </main>
  );
}

/** Reached from the invitation e-mail's link once /auth/confirm has signed the new therapist in. */
export default async function AcceptInvitationPage({ searchParams }: { searchParams: Promise<{ link?: string | string[] }> }) {
  const problem = linkProblem((await searchParams).link);
  if (problem) {
    return (
      <Card>
        <h1 id="invitation-title">This invitation link does not work</h1>
        <p className="notice error" role="alert" data-test="link-problem">
          {LINK_MESSAGES[problem]}
        </p>
        <p>
          <Link href="/login">Go to sign in</Link>
        </p>
      </Card>
    );
  }

  const check = await checkInvitedAccount(await createServerSupabase(), getServiceClients().projectA);
  if (check.status === 'signed_out') {
    return (
      <Card>
        <h1 id="invitation-title">Open the link from your invitation</h1>
        <p>{`This page is reached from the link in your invitation e-mail. ${ASK_AGAIN}`}</p>
        <p>
          <Link href="/login">Go to sign in</Link>
        </p>
      </Card>
    );
  }
  if (check.status === 'not_invited') {
    // Already active (a second click on the page), or no membership at all.
    const visitor = await getVisitor();
    if (visitor.status === 'member') redirect('/sessions');
    return <NotAMember email={visitor.status === 'not_a_member' ? visitor.email : ''} />;
  }
  const { account } = check;
  return (
    <Card>
      <h1 id="invitation-title">Set your password</h1>
      <p>
        Welcome, {account.displayName}. Choose the password for <strong data-test="invitation-email">{account.email}</strong>; you join the practice
        as soon as it is saved.
      </p>
      <ResetPasswordForm email={account.email} submitAction={acceptInvitation} dataTest="accept-invitation-form" />
    </Card>
  );
}
