import {
  createProjectAServiceClient,
  createProjectAUserClient,
  createProjectBServiceClient,
  type ProjectAClient,
  type ProjectBClient,
} from '@/lib/supabase/admin';
import type { StackConnection } from '@/supabase/local/stack';

/** The seeded demo practice (supabase/project-a/seed.sql), shared by tests and benchmarks. */
export const DEMO_PASSWORD = 'carebridge-demo';
export const THERAPISTS = {
  rivera: {
    id: 'a0000000-0000-4000-8000-000000000001',
    email: 'dr.rivera@carebridge.test',
    timeZone: 'Europe/London',
    linkedClient: 'c0000000-0000-4000-8000-000000000001',
  },
  chen: {
    id: 'a0000000-0000-4000-8000-000000000002',
    email: 'dr.chen@carebridge.test',
    timeZone: 'America/New_York',
    linkedClient: 'c0000000-0000-4000-8000-000000000004',
  },
} as const;
export type TherapistKey = keyof typeof THERAPISTS;

export interface ServiceClients {
  projectA: ProjectAClient;
  projectB: ProjectBClient;
}

/** Service-role clients for a stack, made exactly as lib/supabase/service.ts makes them in the app. */
export function serviceClientsFor(connection: StackConnection): ServiceClients {
  return {
    projectA: createProjectAServiceClient(connection.a.url, connection.a.secretKey),
    projectB: createProjectBServiceClient(connection.b.url, connection.b.secretKey),
  };
}

/** A Project A client signed in as a demo therapist through the auth API, as the app's users are. */
export async function signInAs(connection: StackConnection, therapist: TherapistKey): Promise<ProjectAClient> {
  const client = createProjectAUserClient(connection.a.url, connection.a.publishableKey);
  const { error } = await client.auth.signInWithPassword({ email: THERAPISTS[therapist].email, password: DEMO_PASSWORD });
  if (error) throw new Error(`sign-in as ${therapist} failed: ${error.message}`);
  return client;
}
