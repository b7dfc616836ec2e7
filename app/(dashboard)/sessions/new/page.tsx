import type { Metadata } from 'next';
import Link from 'next/link';
import { requireTherapist } from '@/lib/auth/session';
import { getClient } from '@/lib/clients/clients';
import { createServerSupabase } from '@/lib/supabase/server';
import { BookSessionForm } from './book-session-form';
import type { PickerPerson } from './client-picker';

export const metadata: Metadata = { title: 'Book a session · CareBridge' };

export default async function NewSessionPage({ searchParams }: { searchParams: Promise<{ clientId?: string | string[] }> }) {
  const therapist = await requireTherapist();
  const { clientId } = await searchParams;
  // Prefilled only when the id names one of this therapist's clients (RLS decides); anything else is ignored.
  const client = typeof clientId === 'string' ? await getClient(await createServerSupabase(), clientId) : null;
  const initialClient: PickerPerson | null = client ? { id: client.id, name: client.full_name, email: client.email, source: 'practice' } : null;

  return (
    <>
      <p>
        <Link href={client ? `/clients/${client.id}` : '/sessions'}>← {client ? client.full_name : 'Sessions'}</Link>
      </p>
      <h1>Book a session</h1>
      <BookSessionForm timeZone={therapist.timeZone} initialClient={initialClient} />
    </>
  );
}
