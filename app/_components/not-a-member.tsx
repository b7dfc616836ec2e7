import { signOut } from '@/app/login/actions';
import { NOT_A_MEMBER_MESSAGE } from '@/lib/auth/therapist';

/**
 * What a signed-in account outside the practice (never added, or deactivated)
 * sees on every page: why there is nothing here, and the way out.
 */
export function NotAMember({ email }: { email: string }) {
  return (
    <main className="auth-page">
      <section className="card auth-card stack" data-test="not-a-member" aria-labelledby="not-a-member-title">
        <p className="brand">CareBridge</p>
        <h1 id="not-a-member-title">No practice access</h1>
        <p data-test="not-a-member-message">{NOT_A_MEMBER_MESSAGE}</p>
        {email ? <p className="muted">Signed in as {email}</p> : null}
        <form action={signOut}>
          <button type="submit" className="button" data-test="sign-out">
            Sign out
          </button>
        </form>
      </section>
    </main>
  );
}
