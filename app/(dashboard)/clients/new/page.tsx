import type { Metadata } from 'next';
import Link from 'next/link';
import { requireTherapist } from '@/lib/auth/session';
import { latestDateOfBirth } from '@/lib/clients/client.schema';
import { createClientAction } from '../actions';
import { ClientForm } from '../client-form';

export const metadata: Metadata = { title: 'New client · CareBridge' };

export default async function NewClientPage() {
  await requireTherapist();
  return (
    <>
      <p>
        <Link href="/clients">← Clients</Link>
      </p>
      <h1>New client</h1>
      <ClientForm action={createClientAction} mode="create" cancelHref="/clients" maxDateOfBirth={latestDateOfBirth()} />
    </>
  );
}
