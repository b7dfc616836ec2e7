import type { Metadata } from 'next';
import { requireTherapist } from '@/lib/auth/session';
import { timeZoneOptions } from '@/lib/team/time-zone.schema';
import { changePasswordAction } from './actions';
import { PasswordForm } from './password-form';
import { SettingsForm } from './settings-form';

export const metadata: Metadata = { title: 'Settings · CareBridge' };

export default async function SettingsPage() {
  const therapist = await requireTherapist();
  return (
    <>
      <div className="page-header">
        <h1>Settings</h1>
      </div>
      <section aria-labelledby="profile-heading" className="stack">
        <h2 id="profile-heading">You</h2>
        <p className="muted">
          Signed in as <span data-test="settings-email">{therapist.email}</span>
        </p>
        <SettingsForm displayName={therapist.fullName} timeZone={therapist.timeZone} timeZones={timeZoneOptions(therapist.timeZone)} />
      </section>
      <section aria-labelledby="password-heading" className="stack">
        <h2 id="password-heading">Password</h2>
        <PasswordForm action={changePasswordAction} currentLabel="Current password" submitLabel="Change password" />
      </section>
    </>
  );
}
