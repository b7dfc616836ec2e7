import type { Database } from '@/lib/database/project-a.types';
import { elapsedMs, logEvent, type EventLogger } from '@/lib/observability/log';
import type { ProjectAClient } from '@/lib/supabase/admin';
import { ensureClientOnCareTeam, type EnsureOutcome, type EnsureResult, type SyncClients } from '@/lib/sync/ensure-client';
import { FOREIGN_KEY_VIOLATION, hasCode } from '@/lib/sync/postgres-errors';
import type { NewSession } from './session.schema';

export type SessionRow = Database['public']['Tables']['sessions']['Row'];

export interface BookingClients extends SyncClients {
  /** Project A as the signed-in therapist: the session is written under RLS. */
  user: ProjectAClient;
}

/** already_linked: the fast path, the client was on the therapist's care team. */
export type BookingOutcome = 'already_linked' | EnsureOutcome;
export type BookingFailure = 'not_found' | 'source_unavailable' | 'source_grant_missing' | 'failed';

export type CreateSessionResult =
  | { ok: true; outcome: BookingOutcome; session: SessionRow }
  | { ok: false; outcome: BookingFailure; message: string };

export const BOOKING_FAILURE_MESSAGES: Record<BookingFailure, string> = {
  not_found: 'Client not found',
  source_unavailable: 'Project B is unavailable, try again',
  // The therapist cannot fix it; the log and the Sync page name the grant for whoever can.
  source_grant_missing: 'Project B does not let CareBridge read its people yet, so this person cannot be booked. Ask a practice admin: the Sync page says what Project B needs.',
  failed: 'The session could not be saved. Please try again.',
};

export function sessionInsertRow(session: NewSession): Database['public']['Tables']['sessions']['Insert'] {
  return {
    therapist_id: session.therapistId,
    client_id: session.clientId,
    starts_at: session.startsAt,
    duration_minutes: session.durationMinutes,
    session_type: session.sessionType,
    notes: session.notes,
  };
}

function insertSession(user: ProjectAClient, session: NewSession) {
  return user.from('sessions').insert(sessionInsertRow(session)).select().single();
}

/**
 * Books a session. The insert is tried first: when the client is already on the
 * therapist's care team that single round trip is the whole booking. Only when
 * the care-team foreign key refuses it (or the picker already said the person
 * is only in Project B) is the client copied and/or linked, and the insert made.
 */
export interface CreateSessionOptions {
  log?: EventLogger;
  /**
   * What the booking form's picker said about the client. For `project_b` the
   * speculative insert would almost surely be refused, so it is skipped. Only a
   * hint: the copy path joins an existing link just as well.
   */
  clientSource?: 'practice' | 'project_b';
}

/**
 * Concurrent bookings of one person by one therapist (a double click, a retry)
 * share a single copy within this server process instead of racing each other.
 */
const copiesInFlight = new Map<string, Promise<EnsureResult>>();

async function ensureOnce(clients: BookingClients, therapistId: string, clientId: string): Promise<EnsureResult> {
  const key = `${therapistId}:${clientId}`;
  const running = copiesInFlight.get(key);
  if (running) {
    const shared = await running;
    // Someone else's call made the copy; for this booking it was a concurrent copy, tolerated.
    return shared.status === 'ready' && shared.outcome === 'copied' ? { status: 'ready', outcome: 'race_tolerated' } : shared;
  }
  const pending = ensureClientOnCareTeam(clients, therapistId, clientId).finally(() => copiesInFlight.delete(key));
  copiesInFlight.set(key, pending);
  return pending;
}

export async function createSession(
  clients: BookingClients,
  session: NewSession,
  { log = logEvent, clientSource }: CreateSessionOptions = {},
): Promise<CreateSessionResult> {
  const startedAt = performance.now();
  const finish = (result: CreateSessionResult, detail?: string): CreateSessionResult => {
    log('booking.create_session', {
      level: result.ok ? 'info' : result.outcome === 'not_found' ? 'warn' : 'error',
      outcome: result.outcome,
      therapistId: session.therapistId,
      clientId: session.clientId,
      sessionId: result.ok ? result.session.id : undefined,
      durationMs: elapsedMs(startedAt),
      detail,
    });
    return result;
  };
  const failure = (outcome: BookingFailure, detail?: string) =>
    finish({ ok: false, outcome, message: BOOKING_FAILURE_MESSAGES[outcome] }, detail);

  if (clientSource !== 'project_b') {
    const first = await insertSession(clients.user, session);
    if (first.data) return finish({ ok: true, outcome: 'already_linked', session: first.data });
    if (!hasCode(first.error, FOREIGN_KEY_VIOLATION)) return failure('failed', first.error?.message);
  }

  const ensured = await ensureOnce(clients, session.therapistId, session.clientId);
  if (ensured.status === 'not_found' && clientSource === 'project_b') {
    // A stale or wrong hint: the client may be one of this therapist's own practice clients.
    const retry = await insertSession(clients.user, session);
    if (retry.data) return finish({ ok: true, outcome: 'already_linked', session: retry.data });
  }
  if (ensured.status === 'not_found') return failure('not_found');
  if (ensured.status === 'source_unavailable') return failure('source_unavailable', ensured.reason);
  if (ensured.status === 'source_grant_missing') return failure('source_grant_missing', ensured.message);
  if (ensured.status === 'failed') return failure('failed', ensured.reason);

  const second = await insertSession(clients.user, session);
  if (!second.data) return failure('failed', second.error?.message);
  return finish({ ok: true, outcome: ensured.outcome, session: second.data });
}
