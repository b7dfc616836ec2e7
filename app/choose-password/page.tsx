import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { choosePasswordAction } from '@/app/(dashboard)/settings/actions';
import { PasswordForm } from '@/app/(dashboard)/settings/password-form';
import { signOut } from '@/app/login/actions';
import { getTherapist } from '@/lib/auth/session';

export const metadata: Metadata = { title: 'Choose your password · CareBridge' };

/** Where every page sends a member who signed in with a temporary password, until they choose their own. */
export default async function ChoosePasswordPage() {
  const therapist = await getTherapist();
  if (!therapist) redirect('/login');
  if (!therapist.mustChoosePassword) redirect('/sessions');
  return (
    <main className="auth-page">
      <section className="card auth-card stack" aria-labelledby="choose-title" data-test="choose-password">
        <p className="brand">CareBridge</p>
        <h1 id="choose-title">Choose your password</h1>
        <p>Welcome, {therapist.fullName}. You signed in with a temporary password from your practice&apos;s admin. Choose your own to go on.</p>
        <PasswordForm action={choosePasswordAction} currentLabel="Temporary password" submitLabel="Save and continue" />
        <form action={signOut}>
          <button type="submit" className="button ghost">
            Sign out
          </button>
        </form>
      </section>
    </main>
  );
}
