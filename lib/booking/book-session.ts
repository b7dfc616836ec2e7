import { finished, type FormSpec } from '@/lib/forms/form-action';
import type { SignedInTherapist } from '@/lib/forms/server-action';
import type { ServiceClients } from '@/lib/supabase/clients';
import { createSession, type BookingFailure, type SessionRow } from './create-session';
import { BOOK_SESSION_FIELDS, bookingSchemaFor, type BookSessionField } from './session.schema';

/** Refusals the therapist fixes in one field: shown next to it. */
const FIELD_OF_FAILURE: Partial<Record<BookingFailure, BookSessionField>> = { not_found: 'clientId', overlap: 'time' };

/*
 * The booking form from raw input to a booked session, so the server action
 * stays thin and tests run exactly what the form runs. Nothing is written
 * unless every field, the request id included, is valid. It finishes with the
 * session, which is the earlier one when the request id has booked before.
 */
export function bookSessionForm(
  services: ServiceClients,
): FormSpec<BookSessionField, ReturnType<typeof bookingSchemaFor>, SignedInTherapist, SessionRow> {
  return {
    action: 'session.create',
    fields: BOOK_SESSION_FIELDS,
    schema: async ({ actor }) => bookingSchemaFor(actor.therapist),
    async handle({ session, clientSource }, { actor }) {
      const result = await createSession({ user: actor.supabase, ...services }, session, { clientSource, timeZone: actor.therapist.timeZone });
      if (!result.ok) {
        const field = FIELD_OF_FAILURE[result.outcome];
        const fieldErrors = field ? { [field]: [result.message] } : undefined;
        return { status: 'error', message: result.message, fieldErrors };
      }
      return finished(result.session);
    },
  };
}
