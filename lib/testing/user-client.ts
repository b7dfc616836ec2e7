import { createClient } from '@supabase/supabase-js';
import type { Database as ProjectADatabase } from '@/lib/database/project-a.types';
import { projectARequests, serverAuth, type ProjectAClient } from '@/lib/supabase/clients';

/**
 * A Project A client that acts as one signed-in user (RLS applies), from outside a request.
 * Only tests and benchmarks need it: the app's users reach A through lib/supabase/server.ts,
 * with the same request bounds.
 */
export function createProjectAUserClient(url: string, anonKey: string, accessToken?: string): ProjectAClient {
  return createClient<ProjectADatabase>(url, anonKey, {
    ...projectARequests,
    auth: serverAuth,
    global: { ...projectARequests.global, ...(accessToken ? { headers: { Authorization: `Bearer ${accessToken}` } } : {}) },
  });
}
