'use server';

import { revalidatePath } from 'next/cache';
import { redirect, unstable_rethrow } from 'next/navigation';
import { BOOKING_DEADLINE_MS, BOOKING_FAILURE_MESSAGES, createSession } from '@/lib/booking/create-session';
import { BOOK_SESSION_FIELDS, bookingSchemaFor, type BookSessionField } from '@/lib/booking/session.schema';
import { finished } from '@/lib/forms/form-action';
import { formValues, type FormState } from '@/lib/forms/form-state';
import { therapistFormAction } from '@/lib/forms/server-action';
import { withDeadline } from '@/lib/supabase/deadline';
import { getServiceClients } from '@/lib/supabase/service';

export async function createSessionAction(_previous: FormState<BookSessionField>, formData: FormData): Promise<FormState<BookSessionField>> {
  // One deadline over the whole booking, the caller check included, so a Project A that hangs before the booking starts still gets an answer in time.
  const deadline = AbortSignal.timeout(BOOKING_DEADLINE_MS);
  try {
    return await withDeadline(deadline, () => bookSession(formData));
  } catch (error) {
    unstable_rethrow(error);
    if (!deadline.aborted) throw error;
    return { status: 'error', message: BOOKING_FAILURE_MESSAGES.timed_out, values: formValues(formData, BOOK_SESSION_FIELDS) };
  }
}

function bookSession(formData: FormData): Promise<FormState<BookSessionField>> {
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
