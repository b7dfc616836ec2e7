import { randomUUID } from 'node:crypto';
import type { EventLogger } from '@/lib/observability/log';
import { sessionInsertRow, type BookingClients } from '@/lib/booking/create-session';
import type { NewSession } from '@/lib/booking/session.schema';
import type { ProjectAClient, ServiceClients } from '@/lib/supabase/clients';
import { serviceClientsFor, signInAs, THERAPISTS, type TherapistKey } from '@/lib/testing/demo';

export { DEMO_PASSWORD, THERAPISTS, type TherapistKey } from '@/lib/testing/demo';

/** One shared pair, as lib/supabase/service.ts keeps in the app. */
export const serviceClients = serviceClientsFor;
export const signedInAs = signInAs;

export function bookingClients(user: ProjectAClient, service: ServiceClients): BookingClients {
  return { user, ...service };
}

/**
 * The app logs one JSON line per booking; the bench pays for building that line
 * but does not print it (thousands of lines would bury the table).
 */
export const measuredLogger: EventLogger = (event, context) => {
  JSON.stringify({ at: new Date().toISOString(), event, ...context });
};

const HOUR_MS = 60 * 60_000;
/** Hours each process may book: 32768 blocks of them end before the year 9700. */
const HOURS_PER_PROCESS = 2048;
let hoursBooked = 0;
/**
 * Distinct start times far in the future, so bench sessions never meet real
 * ones, and one hour apart: a therapist's sessions must not overlap. Each
 * process books in a block of its own, so concurrent processes never meet either.
 */
export function nextStartsAt(): string {
  if (hoursBooked >= HOURS_PER_PROCESS) throw new Error(`the bench books at most ${HOURS_PER_PROCESS} sessions per process`);
  const hour = (process.pid % 32768) * HOURS_PER_PROCESS + hoursBooked;
  hoursBooked += 1;
  return new Date(Date.UTC(2040, 0, 1, 9, 0) + hour * HOUR_MS).toISOString();
}

export function newSession(therapist: TherapistKey, clientId: string): NewSession {
  return {
    therapistId: THERAPISTS[therapist].id,
    clientId,
    startsAt: nextStartsAt(),
    durationMinutes: 50,
    sessionType: 'individual',
    notes: null,
    requestId: randomUUID(),
  };
}

/** The floor: one authenticated PostgREST insert of a session row, returning it (as a booking must). */
export async function floorInsert(user: ProjectAClient, session: NewSession): Promise<void> {
  const { error } = await user.from('sessions').insert(sessionInsertRow(session)).select().single();
  if (error) throw new Error(`floor insert: ${error.message}`);
}

/** The same insert with `return=minimal`: nothing comes back, not even the id. */
export async function minimalInsert(user: ProjectAClient, session: NewSession): Promise<void> {
  const { error } = await user.from('sessions').insert(sessionInsertRow(session));
  if (error) throw new Error(`minimal insert: ${error.message}`);
}
