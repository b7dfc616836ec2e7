import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { requireTherapist } from '@/lib/auth/session';
import { latestDateOfBirth } from '@/lib/clients/client.schema';
import { getClient } from '@/lib/clients/clients';
import { createServerSupabase } from '@/lib/supabase/server';
import { updateClientAction } from '../../actions';
import { ClientForm } from '../../client-form';

export const metadata: Metadata = { title: 'Edit client · CareBridge' };

export default async function EditClientPage({ params }: { params: Promise<{ id: string }> }) {
  await requireTherapist();
  const { id } = await params;
  const client = await getClient(await createServerSupabase(), id);
  if (!client) notFound();

  return (
    <>
      <p>
        <Link href={`/clients/${client.id}`}>← {client.full_name}</Link>
      </p>
      <h1>Edit {client.full_name}</h1>
      <ClientForm
        action={updateClientAction.bind(null, client.id)}
        mode="edit"
        sourceOwned={client.origin === 'project_b'}
        cancelHref={`/clients/${client.id}`}
        maxDateOfBirth={latestDateOfBirth()}
        initial={{
          fullName: client.full_name,
          email: client.email ?? '',
          phone: client.phone ?? '',
          dateOfBirth: client.date_of_birth ?? '',
          notes: client.notes ?? '',
          status: client.status,
        }}
      />
    </>
  );
}
