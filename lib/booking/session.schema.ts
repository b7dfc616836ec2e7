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
  // A checkbox: "on" when ticked, absent otherwise. Therapists do record sessions after the fact, but only on purpose.
  tookPlace: z
    .literal('on', { message: 'Tick “This session already took place” or leave it empty' })
    .optional()
    .transform((value) => value === 'on'),
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
  'tookPlace',
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
  /** The start is in the past and the therapist said the session already took place. */
  inPast: boolean;
  /** Set by the picker when the chosen person is still only in Project B. */
  clientSource?: 'project_b';
}

export const PAST_START_MESSAGE = 'This time has already passed. Tick “This session already took place” to record it, or choose a later time.';
export const FUTURE_TOOK_PLACE_MESSAGE =
  'This time is still to come, so the session cannot have taken place yet. Untick the box, or choose an earlier time.';

/**
 * The booking form read in the therapist's zone. The therapist comes from the
 * verified user, never from the form. A start before `now` is booked only
 * when the form says the session already took place, and the box is refused
 * for a start still to come, so the choice is always a deliberate one.
 */
export function bookingSchemaFor(therapist: { id: string; timeZone: string }, now: () => Date = () => new Date()) {
  return bookSessionSchema
    .transform(({ date, time, ...fields }) => ({ ...fields, startsAt: zonedDateTimeToUtc(date, time, therapist.timeZone) }))
    .superRefine(({ startsAt, tookPlace }, context) => {
      const inPast = startsAt.getTime() < now().getTime();
      if (inPast && !tookPlace) context.addIssue({ code: 'custom', path: ['date'], message: PAST_START_MESSAGE });
      if (!inPast && tookPlace) context.addIssue({ code: 'custom', path: ['tookPlace'], message: FUTURE_TOOK_PLACE_MESSAGE });
    })
    .transform(({ clientId, startsAt, durationMinutes, sessionType, notes, clientSource, tookPlace, requestId }): Booking => ({
      session: {
        therapistId: therapist.id,
        clientId,
        startsAt: startsAt.toISOString(),
        durationMinutes,
        sessionType,
        notes,
        requestId,
      },
      inPast: tookPlace,
      clientSource,
    }));
}
