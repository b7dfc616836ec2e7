'use server';

import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { createSession } from '@/lib/booking/create-session';
import { BOOK_SESSION_FIELDS, bookingSchemaFor, type BookSessionField } from '@/lib/booking/session.schema';
import { finished } from '@/lib/forms/form-action';
import type { FormState } from '@/lib/forms/form-state';
import { therapistFormAction } from '@/lib/forms/server-action';
import { getServiceClients } from '@/lib/supabase/service';

export async function createSessionAction(_previous: FormState<BookSessionField>, formData: FormData): Promise<FormState<BookSessionField>> {
  return therapistFormAction(
    formData,
    {
      action: 'session.create',
      fields: BOOK_SESSION_FIELDS,
      schema: async ({ actor }) => bookingSchemaFor(actor.therapist),
      async handle({ session, clientSource }, { actor }) {
        const result = await createSession({ user: actor.supabase, ...getServiceClients() }, session, { clientSource });
        if (!result.ok) {
          const fieldErrors = result.outcome === 'not_found' ? { clientId: [result.message] } : undefined;
          return { status: 'error', message: result.message, fieldErrors };
        }
        return finished(result.session);
      },
    },
    (session) => {
      revalidatePath('/sessions');
      revalidatePath('/clients');
      revalidatePath(`/clients/${session.client_id}`);
      redirect(`/sessions?booked=${session.id}`);
    },
  );
}
