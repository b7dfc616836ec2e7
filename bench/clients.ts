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

let startOffset = 0;
/** Distinct start times far in the future, so bench sessions never meet real ones. */
export function nextStartsAt(): string {
  startOffset += 1;
  return new Date(Date.UTC(2040, 0, 1, 9, 0) + startOffset * 60_000 + process.pid * 1_000).toISOString();
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
