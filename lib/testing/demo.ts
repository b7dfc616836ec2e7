import { createServiceClients, type ProjectAClient, type ServiceClients } from '@/lib/supabase/clients';
import type { StackConnection } from './stack';
import { createProjectAUserClient } from './user-client';

/**
 * The seeded demo data (supabase/project-a/seed.sql, supabase/project-b/seed.sql): the one
 * place tests, browser specs and benchmarks take its ids from. Tests read it and may book
 * its clients, but never count on it staying as seeded.
 */
export const DEMO_PASSWORD = 'carebridge-demo';

/** The practice's native clients, each on the care team of the therapist who created them. */
export const DEMO_CLIENTS = {
  mayaOkafor: { id: 'c0000000-0000-4000-8000-000000000001', name: 'Maya Okafor', therapist: 'rivera' },
  tomasHerrera: { id: 'c0000000-0000-4000-8000-000000000002', name: 'Tomás Herrera', therapist: 'rivera' },
  graceLindqvist: { id: 'c0000000-0000-4000-8000-000000000003', name: 'Grace Lindqvist', therapist: 'rivera' },
  samuelAdeyemi: { id: 'c0000000-0000-4000-8000-000000000004', name: 'Samuel Adeyemi', therapist: 'chen' },
  priyaRaman: { id: 'c0000000-0000-4000-8000-000000000005', name: 'Priya Raman', therapist: 'chen' },
} as const;

export const THERAPISTS = {
  rivera: {
    id: 'a0000000-0000-4000-8000-000000000001',
    email: 'dr.rivera@carebridge.test',
    name: 'Dr. Ana Rivera',
    timeZone: 'Europe/London',
    linkedClient: DEMO_CLIENTS.mayaOkafor.id,
  },
  chen: {
    id: 'a0000000-0000-4000-8000-000000000002',
    email: 'dr.chen@carebridge.test',
    name: 'Dr. Wei Chen',
    timeZone: 'America/New_York',
    linkedClient: DEMO_CLIENTS.samuelAdeyemi.id,
  },
} as const;

/** A seeded Project B person; booking or syncing copies them into A, so no test may expect them absent there. */
export const DEMO_PARTNER_PERSON = { id: 'b0000000-0000-4000-8000-000000000001', name: 'Jordan Blake' } as const;
export type TherapistKey = keyof typeof THERAPISTS;

/** Service-role clients for a stack, made exactly as lib/supabase/service.ts makes them in the app. */
export function serviceClientsFor(connection: StackConnection): ServiceClients {
  return createServiceClients({
    projectA: { url: connection.a.url, serviceRoleKey: connection.a.secretKey },
    projectB: { url: connection.b.url, serviceRoleKey: connection.b.secretKey },
  });
}

/** A Project A client signed in as a demo therapist through the auth API, as the app's users are. */
export async function signInAs(connection: StackConnection, therapist: TherapistKey): Promise<ProjectAClient> {
  const client = createProjectAUserClient(connection.a.url, connection.a.publishableKey);
  const { error } = await client.auth.signInWithPassword({ email: THERAPISTS[therapist].email, password: DEMO_PASSWORD });
  if (error) throw new Error(`sign-in as ${therapist} failed: ${error.message}`);
  return client;
}
