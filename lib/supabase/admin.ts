import { createClient, type SupabaseClient } from '@supabase/supabase-js';
import type { Database as ProjectADatabase } from '@/lib/database/project-a.types';
import type { Database as ProjectBDatabase } from '@/lib/database/project-b.types';

export type ProjectAClient = SupabaseClient<ProjectADatabase>;
export type ProjectBClient = SupabaseClient<ProjectBDatabase>;

/**
 * Service-role and per-user clients built from explicit settings, so the sync
 * CLI, the tests and the benchmarks make clients exactly as the app does.
 * The app itself reaches these only through lib/supabase/service.ts (server-only).
 */
const serverAuth = { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false } as const;

/** Bounds every request, so a slow Project B fails fast instead of holding a booking open. */
function fetchWithTimeout(timeoutMs: number): typeof fetch {
  return (input, init) => {
    const timeout = AbortSignal.timeout(timeoutMs);
    const signal = init?.signal ? AbortSignal.any([init.signal, timeout]) : timeout;
    return fetch(input, { ...init, signal });
  };
}

export function createProjectAServiceClient(url: string, serviceRoleKey: string): ProjectAClient {
  return createClient<ProjectADatabase>(url, serviceRoleKey, { auth: serverAuth });
}

const PROJECT_B_TIMEOUT_MS = 4000;

export function createProjectBServiceClient(url: string, serviceRoleKey: string, timeoutMs = PROJECT_B_TIMEOUT_MS): ProjectBClient {
  return createClient<ProjectBDatabase>(url, serviceRoleKey, {
    auth: serverAuth,
    // postgrest-js retries failed reads for up to 7 s; the caller decides about retrying instead.
    db: { retry: false },
    global: { fetch: fetchWithTimeout(timeoutMs) },
  });
}

/** A Project A client that acts as one signed-in user (RLS applies), from outside a request. */
export function createProjectAUserClient(url: string, anonKey: string, accessToken?: string): ProjectAClient {
  return createClient<ProjectADatabase>(url, anonKey, {
    auth: serverAuth,
    ...(accessToken ? { global: { headers: { Authorization: `Bearer ${accessToken}` } } } : {}),
  });
}
