import 'server-only';
import { readServerEnv } from '@/lib/env';
import { createProjectAServiceClient, createProjectBServiceClient, type ProjectAClient, type ProjectBClient } from './admin';

export interface ServiceClients {
  projectA: ProjectAClient;
  projectB: ProjectBClient;
}

let cached: ServiceClients | undefined;

/**
 * Service-role clients bypass RLS, so they exist only on the server. They hold
 * no user session, which makes one shared pair safe across requests.
 */
export function getServiceClients(): ServiceClients {
  if (!cached) {
    const env = readServerEnv();
    cached = {
      projectA: createProjectAServiceClient(env.NEXT_PUBLIC_SUPABASE_URL, env.SUPABASE_SERVICE_ROLE_KEY),
      projectB: createProjectBServiceClient(env.PROJECT_B_SUPABASE_URL, env.PROJECT_B_SERVICE_ROLE_KEY),
    };
  }
  return cached;
}
