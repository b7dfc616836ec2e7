import 'server-only';
import { projectBWritesEnabled, readServerEnv } from '@/lib/env';
import { getServiceClients } from '@/lib/supabase/service';
import type { InviteSetup } from './invite-form';

/** The app's invitation setup from its settings (lib/env.ts). */
export function appInviteSetup(): InviteSetup {
  const env = readServerEnv();
  return {
    clients: {
      ...getServiceClients(),
      projectBAuth: { url: env.PROJECT_B_SUPABASE_URL, serviceRoleKey: env.PROJECT_B_SERVICE_ROLE_KEY },
    },
    enabled: projectBWritesEnabled(env),
  };
}

/** Whether the client page offers the invitation at all. */
export function partnerInvitesEnabled(): boolean {
  return projectBWritesEnabled(readServerEnv());
}
