import 'server-only';
import { readServerEnv } from '@/lib/env';
import { createServiceClients, serviceSettingsFromEnv, type ServiceClients } from './clients';

let cached: ServiceClients | undefined;

/**
 * Service-role clients bypass RLS, so they exist only on the server. They hold
 * no user session, which makes one shared pair safe across requests.
 */
export function getServiceClients(): ServiceClients {
  cached ??= createServiceClients(serviceSettingsFromEnv(readServerEnv()));
  return cached;
}
