import type { SupabaseClientOptions } from '@supabase/supabase-js';
import ws from 'ws';

type RealtimeTransport = NonNullable<NonNullable<SupabaseClientOptions<'public'>['realtime']>['transport']>;

/**
 * supabase-js needs a WebSocket class when a client is constructed. Next.js
 * supplies a global one; plain Node 20 (CLI, tests, benchmarks) does not, so
 * server-side clients fall back to `ws`. Realtime itself is not used.
 */
export const nodeRealtimeOptions = {
  transport: (globalThis.WebSocket ?? ws) as unknown as RealtimeTransport,
};
