import 'server-only';
import { readServerEnv } from '@/lib/env';
import { createServiceClients, type ServiceClients } from './clients';

let cached: ServiceClients | undefined;

/**
 * Service-role clients bypass RLS, so they exist only on the server. They hold
 * no user session, which makes one shared pair safe across requests.
 */
export function getServiceClients(): ServiceClients {
  if (!cached) {
    const env = readServerEnv();
    cached = createServiceClients({
      projectA: { url: env.NEXT_PUBLIC_SUPABASE_URL, serviceRoleKey: env.SUPABASE_SERVICE_ROLE_KEY },
      projectB: { url: env.PROJECT_B_SUPABASE_URL, serviceRoleKey: env.PROJECT_B_SERVICE_ROLE_KEY },
    });
  }
  return cached;
}
