'use server';

import { revalidatePath } from 'next/cache';
import { redirect, unstable_rethrow } from 'next/navigation';
import { bookSessionForm } from '@/lib/booking/book-session';
import { BOOKING_DEADLINE_MS, BOOKING_FAILURE_MESSAGES } from '@/lib/booking/create-session';
import { BOOK_SESSION_FIELDS, type BookSessionField } from '@/lib/booking/session.schema';
import { formValues, type FormState } from '@/lib/forms/form-state';
import { therapistFormAction } from '@/lib/forms/server-action';
import { sessionScopeOf } from '@/lib/sessions/list-sessions';
import { withDeadline } from '@/lib/supabase/deadline';
import { getServiceClients } from '@/lib/supabase/service';

export async function createSessionAction(_previous: FormState<BookSessionField>, formData: FormData): Promise<FormState<BookSessionField>> {
  // One deadline over the whole booking, the caller check included, so a Project A that hangs before the booking starts still gets an answer in time.
  const deadline = AbortSignal.timeout(BOOKING_DEADLINE_MS);
  try {
    return await withDeadline(deadline, () =>
      therapistFormAction(formData, bookSessionForm(getServiceClients()), (session) => {
        revalidatePath('/sessions');
        revalidatePath('/clients');
        revalidatePath(`/clients/${session.client_id}`);
        // To the tab the session is listed on, so the therapist sees it there.
        redirect(`/sessions?${sessionScopeOf(session.starts_at) === 'past' ? 'tab=past&' : ''}booked=${session.id}`);
      }),
    );
  } catch (error) {
    unstable_rethrow(error);
    if (!deadline.aborted) throw error;
    return { status: 'error', message: BOOKING_FAILURE_MESSAGES.timed_out, values: formValues(formData, BOOK_SESSION_FIELDS) };
  }
}
