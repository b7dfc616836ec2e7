import type { StackConnection } from './stack';

/**
 * The settings the app reads (see lib/env.ts), pointed at a local stack. The app gets the
 * current-format keys, as a new hosted project hands out; the legacy JWT keys still work too.
 */
export function appEnvironment(stack: StackConnection, syncApiToken: string): Record<string, string> {
  return {
    NEXT_PUBLIC_SUPABASE_URL: stack.a.url,
    NEXT_PUBLIC_SUPABASE_ANON_KEY: stack.a.publishableKey,
    SUPABASE_SERVICE_ROLE_KEY: stack.a.secretKey,
    PROJECT_B_SUPABASE_URL: stack.b.url,
    PROJECT_B_SERVICE_ROLE_KEY: stack.b.secretKey,
    SYNC_API_TOKEN: syncApiToken,
    NEXT_TELEMETRY_DISABLED: '1',
  };
}
