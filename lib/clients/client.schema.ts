import { z } from 'zod';
import { isCalendarDate } from '@/lib/calendar-date';
import { optionalText, singleLineText } from '@/lib/forms/field-schemas';
import {
  type ClientOrigin,
  CLIENT_STATUSES,
  MAX_FULL_NAME_LENGTH,
  MAX_EMAIL_LENGTH,
  MAX_PHONE_LENGTH,
  MAX_CLIENT_NOTES_LENGTH,
  EARLIEST_DATE_OF_BIRTH,
} from './client-options';

/** Today as YYYY-MM-DD in UTC: "in the past" must not depend on the server's zone. */
function todayUtc(): string {
  return new Date().toISOString().slice(0, 10);
}

/** The latest date of birth the schema accepts (yesterday, UTC), for the date picker's `max`. */
export function latestDateOfBirth(now: Date = new Date()): string {
  return new Date(now.getTime() - 86_400_000).toISOString().slice(0, 10);
}

const fullName = singleLineText({ message: "Enter the client's name" })
  .trim()
  .min(1, "Enter the client's name")
  .max(MAX_FULL_NAME_LENGTH, `The name can be at most ${MAX_FULL_NAME_LENGTH} characters`);

const email = singleLineText()
  .trim()
  .max(MAX_EMAIL_LENGTH, `The e-mail address can be at most ${MAX_EMAIL_LENGTH} characters`)
  .refine((value) => value === '' || z.email().safeParse(value).success, 'Enter a valid e-mail address, or leave it empty')
  .optional()
  .transform((value) => (value ? value : null));

const dateOfBirth = z
  .string()
  .trim()
  .refine((value) => value === '' || isCalendarDate(value), 'Enter the date of birth as YYYY-MM-DD')
  .refine((value) => value === '' || !isCalendarDate(value) || value < todayUtc(), 'The date of birth must be in the past')
  .refine((value) => value === '' || !isCalendarDate(value) || value >= EARLIEST_DATE_OF_BIRTH, 'Enter a date of birth after 1900')
  .optional()
  .transform((value) => (value ? value : null));

const clientFields = {
  fullName,
  email,
  phone: optionalText('single', MAX_PHONE_LENGTH, `The phone number can be at most ${MAX_PHONE_LENGTH} characters`),
  dateOfBirth,
  notes: optionalText('multi', MAX_CLIENT_NOTES_LENGTH, `Notes can be at most ${MAX_CLIENT_NOTES_LENGTH.toLocaleString('en')} characters`),
};

const status = z.enum(CLIENT_STATUSES, { message: 'Choose a status' });

/** The "New client" form. A new client starts active. */
export const newClientSchema = z.object(clientFields);
/** Editing a practice (native) client: every field. */
export const editClientSchema = z.object({ ...clientFields, status });
/** Editing a client synced from Project B: name and e-mail belong to B and are not accepted. */
export const editSyncedClientSchema = editClientSchema.omit({ fullName: true, email: true });

export type NewClientInput = z.output<typeof newClientSchema>;
export type ClientEdit = z.output<typeof editClientSchema> | z.output<typeof editSyncedClientSchema>;

export const CLIENT_FIELDS = ['fullName', 'email', 'phone', 'dateOfBirth', 'notes', 'status'] as const;
export type ClientField = (typeof CLIENT_FIELDS)[number];

/** Which edit form a client gets: a client synced from Project B keeps its name and e-mail there. */
export function clientEditSchemaFor(origin: ClientOrigin) {
  return origin === 'project_b' ? editSyncedClientSchema : editClientSchema;
}
