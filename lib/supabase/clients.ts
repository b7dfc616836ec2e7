import { createClient, type SupabaseClient } from '@supabase/supabase-js';
import type { Database as ProjectADatabase } from '@/lib/database/project-a.types';
import type { Database as ProjectBDatabase } from '@/lib/database/project-b.types';
import type { ServerEnv } from '@/lib/env';
import { fetchWithTimeout } from './deadline';

export type ProjectAClient = SupabaseClient<ProjectADatabase>;
export type ProjectBClient = SupabaseClient<ProjectBDatabase>;

/** The service-role pair every server-side use case takes: practice data in A, partner people in B. */
export interface ServiceClients {
  projectA: ProjectAClient;
  projectB: ProjectBClient;
}

/**
 * Clients built from explicit settings, so the app (through the server-only
 * lib/supabase/service.ts), the sync program, the tests and the benchmarks all
 * make them the same way. Nothing here reads the environment: the secrets come
 * from whoever calls, and in the app only service.ts reads them. This module is
 * not `server-only` itself because the sync program runs in plain Node, where
 * that import throws.
 */
export const serverAuth = { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false } as const;

/**
 * Every Project A request ends within this, a little over the 8 s
 * statement_timeout the API roles have (README, "Settings"), so the database
 * cancels a slow statement first and the client gives up only on a Project A
 * that does not answer at all. A booking runs under a shorter deadline of its own.
 */
export const PROJECT_A_TIMEOUT_MS = 9000;

/**
 * The options every Project A client is made with, the therapist's
 * (lib/supabase/server.ts, proxy.ts) and the service role's alike.
 * postgrest-js would retry a failed read up to three times with 1–7 s of
 * pauses, after the request has already used its time; whoever called
 * decides about retrying instead.
 */
export const projectARequests = {
  global: { fetch: fetchWithTimeout(PROJECT_A_TIMEOUT_MS) },
  db: { retry: false },
} as const;

export function createProjectAServiceClient(url: string, serviceRoleKey: string): ProjectAClient {
  return createClient<ProjectADatabase>(url, serviceRoleKey, { ...projectARequests, auth: serverAuth });
}

/** A slow Project B fails fast instead of holding a booking open; clients already in A can still be booked. */
const PROJECT_B_TIMEOUT_MS = 4000;

export function createProjectBServiceClient(url: string, serviceRoleKey: string, timeoutMs = PROJECT_B_TIMEOUT_MS): ProjectBClient {
  return createClient<ProjectBDatabase>(url, serviceRoleKey, {
    auth: serverAuth,
    // postgrest-js retries failed reads for up to 7 s; the caller decides about retrying instead.
    db: { retry: false },
    global: { fetch: fetchWithTimeout(timeoutMs) },
  });
}

export interface ServiceSettings {
  projectA: { url: string; serviceRoleKey: string };
  projectB: { url: string; serviceRoleKey: string; timeoutMs?: number };
}

export function createServiceClients({ projectA, projectB }: ServiceSettings): ServiceClients {
  return {
    projectA: createProjectAServiceClient(projectA.url, projectA.serviceRoleKey),
    projectB: createProjectBServiceClient(projectB.url, projectB.serviceRoleKey, projectB.timeoutMs),
  };
}

type ServiceEnv = Pick<ServerEnv, 'NEXT_PUBLIC_SUPABASE_URL' | 'SUPABASE_SERVICE_ROLE_KEY' | 'PROJECT_B_SUPABASE_URL' | 'PROJECT_B_SERVICE_ROLE_KEY'>;

/** The pair from the app's validated settings (lib/env.ts), as the app and the sync program read them. */
export function serviceSettingsFromEnv(env: ServiceEnv, projectBTimeoutMs?: number): ServiceSettings {
  return {
    projectA: { url: env.NEXT_PUBLIC_SUPABASE_URL, serviceRoleKey: env.SUPABASE_SERVICE_ROLE_KEY },
    projectB: { url: env.PROJECT_B_SUPABASE_URL, serviceRoleKey: env.PROJECT_B_SERVICE_ROLE_KEY, timeoutMs: projectBTimeoutMs },
  };
}
