import type { Metadata } from 'next';
import { requireTherapist } from '@/lib/auth/session';
import { ResetPasswordForm } from './reset-password-form';

export const metadata: Metadata = { title: 'Choose a new password · CareBridge' };

/** Reached from the reset e-mail's link once /auth/confirm has signed the therapist in. */
export default async function ResetPasswordPage() {
  const therapist = await requireTherapist();
  return (
    <main className="auth-page">
      <section className="card auth-card stack" aria-labelledby="reset-title">
        <p className="brand">CareBridge</p>
        <h1 id="reset-title">Choose a new password</h1>
        <p>
          For <strong data-test="reset-email">{therapist.email}</strong>. Your other devices will be signed out.
        </p>
        <ResetPasswordForm email={therapist.email} />
      </section>
    </main>
  );
}
