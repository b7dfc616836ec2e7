'use server';

import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { requireTherapist } from '@/lib/auth/session';
import { createSession } from '@/lib/booking/create-session';
import { BOOK_SESSION_FIELDS, parseBooking, type BookSessionField } from '@/lib/booking/session.schema';
import { formValues, type FormState } from '@/lib/forms/form-state';
import { createServerSupabase } from '@/lib/supabase/server';
import { getServiceClients } from '@/lib/supabase/service';

export async function createSessionAction(
  _previous: FormState<BookSessionField>,
  formData: FormData,
): Promise<FormState<BookSessionField>> {
  const therapist = await requireTherapist();
  const values = formValues(formData, BOOK_SESSION_FIELDS);
  const parsed = parseBooking(values, therapist);
  if (!parsed.ok) return { status: 'error', fieldErrors: parsed.fieldErrors, values };

  const clientSource = formData.get('clientSource') === 'project_b' ? 'project_b' : undefined;
  const result = await createSession({ user: await createServerSupabase(), ...getServiceClients() }, parsed.session, { clientSource });
  if (!result.ok) {
    const fieldErrors = result.outcome === 'not_found' ? { clientId: [result.message] } : undefined;
    return { status: 'error', message: result.message, fieldErrors, values };
  }

  revalidatePath('/sessions');
  revalidatePath('/clients');
  revalidatePath(`/clients/${result.session.client_id}`);
  redirect(`/sessions?booked=${result.session.id}`);
}
