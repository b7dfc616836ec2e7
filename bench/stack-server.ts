/**
 * The local stack in its own process. Its gateways and auth server are Node
 * HTTP servers; run inside the bench process they would share its event loop
 * and its RSS with the code being measured, which no hosted setup does.
 */
import { startEphemeralStack } from '@/supabase/local/ephemeral';

// A closed pipe (`npm run bench | head`) must not kill this process before it has
// stopped what it started: write errors on stdout/stderr are ignored.
process.stdout.on('error', () => {});
process.stderr.on('error', () => {});

const stack = await startEphemeralStack({ seed: true });
const { stop, ...connection } = stack;

let stopping: Promise<void> | undefined;
function shutdown(): Promise<void> {
  stopping ??= stop()
    .catch((error: unknown) => console.error('[bench stack] stop failed', error))
    .finally(() => process.exit(0));
  return stopping;
}

process.on('message', (message: { type?: string }) => {
  if (message?.type === 'stop') void shutdown();
});
// The bench died or was interrupted: take Postgres and PostgREST down with us.
process.on('disconnect', () => void shutdown());
process.on('SIGTERM', () => void shutdown());
process.on('SIGINT', () => void shutdown());

process.send?.({ type: 'ready', connection });
