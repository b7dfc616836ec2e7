import Link from 'next/link';
import { NotAMember } from '@/app/_components/not-a-member';
import { getVisitor } from '@/lib/auth/session';

/**
 * Every 403 page: a signed-in account outside the practice is told so
 * (requireTherapist), a therapist on an admin page is told it is for admins.
 */
export default async function Forbidden() {
  const visitor = await getVisitor();
  if (visitor.status === 'not_a_member') return <NotAMember email={visitor.email} />;
  return (
    <main className="auth-page">
      <section className="card auth-card" data-test="forbidden">
        <h1>Not allowed</h1>
        <p>This page is for practice admins. Ask an admin if you need it.</p>
        <Link className="button" href="/sessions">
          Back to sessions
        </Link>
      </section>
    </main>
  );
}
