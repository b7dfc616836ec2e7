import type { EventLogger } from '@/lib/observability/log';
import type { BookingClients } from '@/lib/booking/create-session';
import type { NewSession } from '@/lib/booking/session.schema';
import {
  createProjectAServiceClient,
  createProjectAUserClient,
  createProjectBServiceClient,
  type ProjectAClient,
  type ProjectBClient,
} from '@/lib/supabase/admin';
import type { StackConnection } from '@/supabase/local/stack';

export const DEMO_PASSWORD = 'carebridge-demo';
export const THERAPISTS = {
  rivera: { id: 'a0000000-0000-4000-8000-000000000001', email: 'dr.rivera@carebridge.test', linkedClient: 'c0000000-0000-4000-8000-000000000001' },
  chen: { id: 'a0000000-0000-4000-8000-000000000002', email: 'dr.chen@carebridge.test', linkedClient: 'c0000000-0000-4000-8000-000000000004' },
} as const;
export type TherapistKey = keyof typeof THERAPISTS;

export interface ServiceClients {
  projectA: ProjectAClient;
  projectB: ProjectBClient;
}

/** One shared pair, as lib/supabase/service.ts keeps in the app. */
export function serviceClients(connection: StackConnection): ServiceClients {
  return {
    projectA: createProjectAServiceClient(connection.a.url, connection.a.serviceRoleKey),
    projectB: createProjectBServiceClient(connection.b.url, connection.b.serviceRoleKey),
  };
}

/** A Project A client signed in as a demo therapist through the auth API, as the app's users are. */
export async function signedInAs(connection: StackConnection, therapist: TherapistKey): Promise<ProjectAClient> {
  const client = createProjectAUserClient(connection.a.url, connection.a.anonKey);
  const { error } = await client.auth.signInWithPassword({ email: THERAPISTS[therapist].email, password: DEMO_PASSWORD });
  if (error) throw new Error(`sign-in as ${therapist} failed: ${error.message}`);
  return client;
}

export function bookingClients(user: ProjectAClient, service: ServiceClients): BookingClients {
  return { user, projectA: service.projectA, projectB: service.projectB };
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
  };
}

export function sessionInsert(session: NewSession) {
  return {
    therapist_id: session.therapistId,
    client_id: session.clientId,
    starts_at: session.startsAt,
    duration_minutes: session.durationMinutes,
    session_type: session.sessionType,
    notes: session.notes,
  };
}

/** The floor: one authenticated PostgREST insert of a session row, returning it (as a booking must). */
export async function floorInsert(user: ProjectAClient, session: NewSession): Promise<void> {
  const { error } = await user.from('sessions').insert(sessionInsert(session)).select().single();
  if (error) throw new Error(`floor insert: ${error.message}`);
}

/** The same insert with `return=minimal`: nothing comes back, not even the id. */
export async function minimalInsert(user: ProjectAClient, session: NewSession): Promise<void> {
  const { error } = await user.from('sessions').insert(sessionInsert(session));
  if (error) throw new Error(`minimal insert: ${error.message}`);
}
