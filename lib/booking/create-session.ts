/**
 * Booking a session, the whole path in this file:
 *
 *   1. Fast insert: the session is inserted as the therapist, under RLS. When
 *      the client is on their care team, that one round trip is the booking.
 *   2. The care-team foreign key refused it (23503), or the picker said the
 *      person is from Project B: read the person from B (profile and e-mail).
 *   3. One call to A, adopt_client_for_booking: copy the person with B's UUID
 *      under the bulk sync's rules, or join the copy A already has, and put
 *      the therapist on the care team. Two copies at once cannot both insert:
 *      the loser's unique violation (23505) is absorbed by ON CONFLICT DO
 *      NOTHING and it answers race_tolerated.
 *   4. Second insert, now that the care-team link exists.
 *   5. One outcome, logged as one `booking.create_session` event.
 *
 * Every step is idempotent, so a retry after any failure converges. Each
 * session carries the form's request id, unique per therapist in A: a double
 * click, a retry or a replayed POST meets the first attempt's session (23505,
 * after waiting for it if it is still being written) and is answered with it,
 * already_booked. All steps share one deadline, so a Project A that does not
 * answer gives the therapist a retryable answer in time; a write cut off by it
 * may still land, and the retry then finds it. The clients come in as
 * arguments; nothing here knows about requests or React.
 */
import type { PostgrestError } from '@supabase/supabase-js';
import { EXCLUSION_VIOLATION, FOREIGN_KEY_VIOLATION, hasCode, QUERY_CANCELED, UNIQUE_VIOLATION } from '@/lib/database/postgres-errors';
import type { Database, Json } from '@/lib/database/project-a.types';
import { elapsedMs, logEvent, type EventLogger } from '@/lib/observability/log';
import type { ProjectAClient, ServiceClients } from '@/lib/supabase/clients';
import { deadlinePassed, withDeadline } from '@/lib/supabase/deadline';
import { fetchSourcePerson, syncRowFromSource, type SourceLookup } from '@/lib/sync/source-person';
import { describeClash } from './session-clash';
import type { NewSession } from './session.schema';

export type SessionRow = Database['public']['Tables']['sessions']['Row'];

export interface BookingClients extends ServiceClients {
  /** Project A as the signed-in therapist: the session is written under RLS. */
  user: ProjectAClient;
}

/** adopt_client_for_booking's answers, from the generated types (the enum in the migration explains each). */
type AdoptOutcome = Database['public']['Enums']['adopt_client_outcome'];

/**
 * already_linked: the fast path, the client was on the therapist's care team.
 * already_booked: this request id has booked before; the answer is that session.
 * The rest are the adoption's.
 */
export type BookingOutcome = 'already_linked' | 'already_booked' | Extract<AdoptOutcome, 'copied' | 'already_synced' | 'race_tolerated'>;
/**
 * timed_out: Project A did not answer before the booking's deadline; the same request may be sent again.
 * overlap: the therapist or the client already has a session at that time; the message names it.
 */
export type BookingFailure = 'overlap' | 'not_found' | 'source_unavailable' | 'source_grant_missing' | 'timed_out' | 'failed';

export type CreateSessionResult =
  { ok: true; outcome: BookingOutcome; session: SessionRow } | { ok: false; outcome: BookingFailure; message: string };

export const BOOKING_FAILURE_MESSAGES: Record<BookingFailure, string> = {
  overlap: 'That time overlaps another session. Choose another time.',
  not_found: 'Client not found',
  source_unavailable: 'Project B is unavailable, try again',
  // The therapist cannot fix it; the log and the Sync page name the grant for whoever can.
  source_grant_missing:
    'Project B does not let CareBridge read its people yet, so this person cannot be booked. Ask a practice admin: the Sync page says what Project B needs.',
  timed_out:
    'The practice database did not answer in time, so the session may not be saved yet. You can safely press “Book session” again: it will not be booked twice.',
  failed: 'The session could not be saved. Please try again.',
};

/**
 * The whole booking, every request in it, ends within this. With the form's
 * caller check before it and the answer after, the therapist hears back within 10 s.
 */
export const BOOKING_DEADLINE_MS = 8000;

export interface CreateSessionOptions {
  log?: EventLogger;
  /**
   * What the booking form's picker said about the client. For `project_b` the
   * fast insert would almost surely be refused, so it is skipped. Only a
   * hint: the copy path joins an existing link just as well.
   */
  clientSource?: 'practice' | 'project_b';
  /** The booking's own deadline; a deadline the caller already runs under still applies if it comes first. */
  deadlineMs?: number;
  /** The therapist's zone, for the times an overlap refusal names; UTC for callers without one (scripts, the bench). */
  timeZone?: string;
}

/** Books a session for `session.clientId`, copying or linking the client first when it has to (steps 1–5 above). */
export async function createSession(
  clients: BookingClients,
  session: NewSession,
  { log = logEvent, clientSource, deadlineMs = BOOKING_DEADLINE_MS, timeZone = 'UTC' }: CreateSessionOptions = {},
): Promise<CreateSessionResult> {
  const startedAt = performance.now();
  const finish = (result: CreateSessionResult, detail?: string): CreateSessionResult => {
    log('booking.create_session', {
      level: result.ok ? 'info' : result.outcome === 'not_found' || result.outcome === 'overlap' ? 'warn' : 'error',
      outcome: result.outcome,
      therapistId: session.therapistId,
      clientId: session.clientId,
      requestId: session.requestId,
      sessionId: result.ok ? result.session.id : undefined,
      durationMs: elapsedMs(startedAt),
      detail,
    });
    return result;
  };
  const failure = (outcome: BookingFailure, detail?: string) => finish({ ok: false, outcome, message: BOOKING_FAILURE_MESSAGES[outcome] }, detail);
  const booked = (outcome: BookingOutcome, inserted: Inserted) =>
    finish({ ok: true, outcome: inserted.repeat ? 'already_booked' : outcome, session: inserted.session });
  const refused = async (error: PostgrestError) =>
    hasCode(error, EXCLUSION_VIOLATION)
      ? finish(
          { ok: false, outcome: 'overlap', message: (await describeClash(clients.user, session, timeZone)) ?? BOOKING_FAILURE_MESSAGES.overlap },
          error.message,
        )
      : failure(stepFailure(error), error.message);

  return withDeadline(AbortSignal.timeout(deadlineMs), async () => {
    // 1. Fast insert.
    if (clientSource !== 'project_b') {
      const first = await insertSession(clients.user, session);
      if (first.ok) return booked('already_linked', first);
      if (!hasCode(first.error, FOREIGN_KEY_VIOLATION) && !(await overlapBeforeCareTeam(clients.user, session, first.error)))
        return refused(first.error);
    }

    // 2 and 3. Read B, then one adopt call (shared by concurrent calls for the same therapist and client).
    const adopted = await adoptOnce(clients, session.therapistId, session.clientId);
    if (!adopted.ok && adopted.outcome === 'native_client' && clientSource === 'project_b') {
      // A stale or wrong hint: the id is a practice client, perhaps one of this therapist's own.
      const retry = await insertSession(clients.user, session);
      if (retry.ok) return booked('already_linked', retry);
      if (hasCode(retry.error, EXCLUSION_VIOLATION) && !(await overlapBeforeCareTeam(clients.user, session, retry.error)))
        return refused(retry.error);
    }
    if (!adopted.ok) return failure(adopted.outcome === 'native_client' ? 'not_found' : adopted.outcome, adopted.detail);

    // 4. Second insert.
    const second = await insertSession(clients.user, session);
    if (!second.ok) return refused(second.error);
    // 5. Outcome.
    return booked(adopted.outcome, second);
  });
}

/**
 * The overlap check runs before the care-team foreign key, so an overlap can
 * come back for a client who is not on the therapist's care team. That client
 * is then treated as not linked yet (the copy path links them, or answers
 * not_found for another care team's client): an overlap must not tell the
 * therapist anything about a client they cannot see.
 */
async function overlapBeforeCareTeam(user: ProjectAClient, session: NewSession, error: PostgrestError): Promise<boolean> {
  if (!hasCode(error, EXCLUSION_VIOLATION)) return false;
  const link = await user
    .from('care_team')
    .select('client_id')
    .eq('therapist_id', session.therapistId)
    .eq('client_id', session.clientId)
    .maybeSingle();
  return !link.error && link.data === null;
}

/**
 * Why a step against Project A failed: the booking's deadline cut it off, or
 * the database cancelled it at the role's statement_timeout (nothing of it
 * was written), or anything else.
 */
function stepFailure(error: { code?: string } | null): 'timed_out' | 'failed' {
  return deadlinePassed() || hasCode(error, QUERY_CANCELED) ? 'timed_out' : 'failed';
}

export function sessionInsertRow(session: NewSession): Database['public']['Tables']['sessions']['Insert'] {
  return {
    therapist_id: session.therapistId,
    client_id: session.clientId,
    starts_at: session.startsAt,
    duration_minutes: session.durationMinutes,
    session_type: session.sessionType,
    notes: session.notes,
    request_id: session.requestId,
  };
}

/** A session for the booking; `repeat` when an earlier attempt with the same request id made it. */
type Inserted = { ok: true; session: SessionRow; repeat: boolean };
type InsertResult = Inserted | { ok: false; error: PostgrestError };

/**
 * Inserts the session, or finds the one this request already made. The unique
 * request id refuses a second row with 23505; a first attempt that is still
 * being written holds the repeat until it commits, so the row is there to be read.
 * A repeat overlaps its own first attempt too, and which of the two constraints
 * speaks first is the database's choice, so an overlap (23P01) is also checked
 * against the request id before it counts as a clash.
 */
async function insertSession(user: ProjectAClient, session: NewSession): Promise<InsertResult> {
  const inserted = await user.from('sessions').insert(sessionInsertRow(session)).select().single();
  if (inserted.data) return { ok: true, session: inserted.data, repeat: false };
  if (!hasCode(inserted.error, UNIQUE_VIOLATION) && !hasCode(inserted.error, EXCLUSION_VIOLATION)) return { ok: false, error: inserted.error };

  const existing = await user.from('sessions').select().eq('therapist_id', session.therapistId).eq('request_id', session.requestId).maybeSingle();
  if (existing.data) return { ok: true, session: existing.data, repeat: true };
  return { ok: false, error: existing.error ?? inserted.error };
}

/**
 * The client is in A and on the therapist's care team (ok), or why not.
 * native_client is kept apart from not_found so a wrong picker hint can still
 * book the therapist's own practice client; the therapist sees both as "Client not found".
 */
type Adoption =
  | { ok: true; outcome: Extract<AdoptOutcome, 'copied' | 'already_synced' | 'race_tolerated'> }
  | { ok: false; outcome: BookingFailure | 'native_client'; detail?: string };

/**
 * Steps 2 and 3: one read of B, then one call to A. When B is down or no
 * longer has the person, A's copy, if any, is still joined: adopt is called
 * without a person, and only when A has nobody either does B's answer decide
 * the failure.
 */
async function adoptClient(clients: ServiceClients, therapistId: string, clientId: string): Promise<Adoption> {
  const lookup = await fetchSourcePerson(clients.projectB, clientId);
  const person = lookup.ok ? (syncRowFromSource(lookup.person) as unknown as Json) : undefined;

  const adopted = await clients.projectA.rpc('adopt_client_for_booking', { client: clientId, therapist: therapistId, person });
  if (adopted.error) return { ok: false, outcome: stepFailure(adopted.error), detail: `adopt client: ${adopted.error.message}` };

  const answer = adopted.data;
  switch (answer) {
    case 'copied':
    case 'already_synced':
    case 'race_tolerated':
      return { ok: true, outcome: answer };
    case 'native_client':
      return { ok: false, outcome: 'native_client' };
    case 'no_such_person':
      return whyNotInB(lookup);
    default:
      return { ok: false, outcome: 'failed', detail: `adopt client: unexpected answer ${String(answer satisfies never)}` };
  }
}

/** Neither A nor the lookup had the person: B's own answer says whether a retry can help. */
function whyNotInB(lookup: SourceLookup): Adoption {
  // B's answer was cut off by the booking's deadline, not by B's own timeout.
  if (lookup.outcome === 'source_unavailable' && deadlinePassed()) return { ok: false, outcome: 'timed_out', detail: lookup.detail };
  if (lookup.outcome === 'source_unavailable' || lookup.outcome === 'source_grant_missing') {
    return { ok: false, outcome: lookup.outcome, detail: lookup.detail };
  }
  return { ok: false, outcome: 'not_found' };
}

/**
 * Concurrent bookings of one person by one therapist (a double click, a retry)
 * share a single adoption within this server process instead of racing each
 * other in the database.
 */
const adoptionsInFlight = new Map<string, Promise<Adoption>>();

async function adoptOnce(clients: ServiceClients, therapistId: string, clientId: string): Promise<Adoption> {
  const key = `${therapistId}:${clientId}`;
  const running = adoptionsInFlight.get(key);
  if (running) {
    const shared = await running;
    // The call this one waited for has put the person in A: for this booking
    // they were already synced. race_tolerated stays the database's word for
    // a copy that lost the 23505 race, which this call never ran.
    return shared.ok ? { ok: true, outcome: 'already_synced' } : shared;
  }
  const pending = adoptClient(clients, therapistId, clientId).finally(() => adoptionsInFlight.delete(key));
  adoptionsInFlight.set(key, pending);
  return pending;
}
