import type { ReactNode } from 'react';
import { AppShell } from '@/app/_components/app-shell';
import { requireTherapist } from '@/lib/auth/session';

export default async function DashboardLayout({ children }: { children: ReactNode }) {
  return <AppShell therapist={await requireTherapist()}>{children}</AppShell>;
}
