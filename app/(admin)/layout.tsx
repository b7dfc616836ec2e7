import { forbidden } from 'next/navigation';
import type { ReactNode } from 'react';
import { AppShell } from '@/app/_components/app-shell';
import { requireTherapist } from '@/lib/auth/session';

/**
 * Admin pages (/sync) wear the dashboard's chrome but sit outside its loading
 * boundary: the admin check runs before anything is streamed, so a therapist
 * who is not an admin gets a real 403 (a check inside a Suspense boundary
 * could only answer 200 with the forbidden page inside).
 */
export default async function AdminLayout({ children }: { children: ReactNode }) {
  const therapist = await requireTherapist();
  if (!therapist.isAdmin) forbidden();
  return <AppShell therapist={therapist}>{children}</AppShell>;
}
