import 'server-only';
import { readServerEnv } from '@/lib/env';
import { getServiceClients } from '@/lib/supabase/service';
import type { SyncApiDeps } from './sync-http';

/** What every /api/sync route hands to sync-http.ts: service clients and the configured tokens. */
export function syncApiDeps(): SyncApiDeps {
  const env = readServerEnv();
  return { clients: getServiceClients, syncToken: env.SYNC_API_TOKEN, cronSecret: env.CRON_SECRET };
}
