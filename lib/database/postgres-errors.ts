/**
 * The SQLSTATE codes CareBridge acts on, in one place. PostgREST passes the
 * database's code through in `error.code`; the Project A functions raise some
 * of them on purpose (see supabase/project-a/migrations).
 */

/**
 * Two rows with one key. The booking's copy of a person absorbs it with ON
 * CONFLICT DO NOTHING (the booking race), so do care-team links and conflict
 * pairs. A session refused with it repeats a booking request (the unique
 * request id): the booking answers with the session that request made. The
 * naive baseline in bench/ inserts plainly and checks for it.
 */
export const UNIQUE_VIOLATION = '23505';
/** The session's care-team foreign key: the client is not on the therapist's care team yet. */
export const FOREIGN_KEY_VIOLATION = '23503';
/**
 * An exclusion constraint refused the row: here a session that overlaps one
 * the therapist or the client already has (sessions_*_no_overlap).
 */
export const EXCLUSION_VIOLATION = '23P01';
/** A CHECK constraint refused a value (e.g. a date of birth before 1900). */
export const CHECK_VIOLATION = '23514';
/** A date that does not exist (30 February): a data exception, not a CHECK. */
export const DATETIME_FIELD_OVERFLOW = '22008';
/** A value the column's type cannot read (a status that is not in the enum). */
export const INVALID_TEXT_REPRESENTATION = '22P02';
/** A function refused one of its arguments (adopt_client_for_booking: a person who is not the client). */
export const INVALID_PARAMETER_VALUE = '22023';
/** A missing privilege, or a trigger or function refusing the caller. */
export const INSUFFICIENT_PRIVILEGE = '42501';
/** A team function: no such member. */
export const NO_DATA_FOUND = 'P0002';
/** resolve_email_conflict: no such conflict, or not the caller's to see; PostgREST answers PTxyz with HTTP xyz. */
export const NOT_FOUND_OVER_HTTP = 'PT404';
/**
 * The statement was cancelled, here at the API role's statement_timeout
 * (README, "Settings"); it was rolled back, so sending it again is safe.
 */
export const QUERY_CANCELED = '57014';
/** resolve_email_conflict: the conflict was already resolved the other way. */
export const OBJECT_NOT_IN_PREREQUISITE_STATE = '55000';

export function hasCode(error: { code?: string } | null | undefined, code: string): boolean {
  return error?.code === code;
}

/**
 * Class 22 (data exception) and class 23 (integrity constraint violation):
 * the database refused the rows themselves, so sending the same rows again cannot help.
 */
export function isDataError(error: { code?: string } | null | undefined): boolean {
  const sqlClass = error?.code?.slice(0, 2);
  return sqlClass === '22' || sqlClass === '23';
}
