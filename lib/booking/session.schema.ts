import { z } from 'zod';
import { isCalendarDate } from '@/lib/calendar-date';
import { decimalInteger, optionalText } from '@/lib/forms/field-schemas';
import { zonedDateTimeToUtc } from './time-zone';
import { MAX_DURATION_MINUTES, MAX_NOTES_LENGTH, MIN_DURATION_MINUTES, SESSION_TYPES, type SessionType } from './session-options';

/**
 * The booking form, field for field. FormData gives strings only: the duration
 * is read as plain decimal digits, and the date and time stay text until the
 * therapist's zone is known.
 */
export const bookSessionSchema = z.object({
  clientId: z.uuid({ message: 'Choose a client from the list' }),
  date: z.string({ message: 'Enter a date as YYYY-MM-DD' }).trim().refine(isCalendarDate, 'Enter a date as YYYY-MM-DD'),
  time: z
    .string({ message: 'Enter a time as HH:MM (24-hour)' })
    .trim()
    .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'Enter a time as HH:MM (24-hour)'),
  durationMinutes: decimalInteger(
    'Enter the length in whole minutes, as digits (for example 50)',
    z
      .number()
      .min(MIN_DURATION_MINUTES, `A session lasts at least ${MIN_DURATION_MINUTES} minutes`)
      .max(MAX_DURATION_MINUTES, `A session lasts at most ${MAX_DURATION_MINUTES} minutes`),
  ),
  sessionType: z.enum(SESSION_TYPES, { message: 'Choose a session type' }),
  notes: optionalText('multi', MAX_NOTES_LENGTH, `Notes can be at most ${MAX_NOTES_LENGTH.toLocaleString('en')} characters`),
  clientSource: z.literal('project_b').optional().catch(undefined),
  // Made by the form once and sent again with every retry; never shown, so its message says what to do.
  requestId: z.uuid({ message: 'This booking form is out of date. Reload the page and book again.' }),
});

export type BookSessionField = keyof z.input<typeof bookSessionSchema>;
export const BOOK_SESSION_FIELDS = [
  'clientId',
  'date',
  'time',
  'durationMinutes',
  'sessionType',
  'notes',
  'clientSource',
  'requestId',
] as const satisfies readonly BookSessionField[];

export interface NewSession {
  therapistId: string;
  clientId: string;
  /** ISO 8601 instant (UTC). */
  startsAt: string;
  durationMinutes: number;
  sessionType: SessionType;
  notes: string | null;
  /** The form's request id: every repeat of one request books the same single session. */
  requestId: string;
}

export interface Booking {
  session: NewSession;
  /** Set by the picker when the chosen person is still only in Project B. */
  clientSource?: 'project_b';
}

/**
 * The booking form read in the therapist's zone. The therapist comes from the
 * verified user, never from the form.
 */
export function bookingSchemaFor(therapist: { id: string; timeZone: string }) {
  return bookSessionSchema.transform(({ clientId, date, time, durationMinutes, sessionType, notes, clientSource, requestId }): Booking => ({
    session: {
      therapistId: therapist.id,
      clientId,
      startsAt: zonedDateTimeToUtc(date, time, therapist.timeZone).toISOString(),
      durationMinutes,
      sessionType,
      notes,
      requestId,
    },
    clientSource,
  }));
}
