import type { StackConnection } from '@/supabase/local/stack';
import { forkTsx, waitForExit } from './process';

export interface BenchStack {
  connection: StackConnection;
  stop(): Promise<void>;
}

/** A throw-away stack (embedded Postgres, PostgREST, auth, gateways) on free ports, in a child process. */
export async function startBenchStack(): Promise<BenchStack> {
  const child = forkTsx('bench/stack-server.ts');
  const connection = await new Promise<StackConnection>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the local stack did not start within 180 s')), 180_000);
    child.on('message', (message: { type?: string; connection?: StackConnection }) => {
      if (message.type === 'ready' && message.connection) {
        clearTimeout(timer);
        resolve(message.connection);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the local stack exited with code ${code} during start-up (run with STACK_DEBUG=1 to see why)`));
    });
  }).catch(async (error: unknown) => {
    child.kill('SIGTERM');
    await waitForExit(child, 30_000);
    throw error;
  });

  let stopped: Promise<void> | undefined;
  return {
    connection,
    stop() {
      stopped ??= (async () => {
        if (child.connected) child.send({ type: 'stop' });
        else child.kill('SIGTERM');
        await waitForExit(child, 30_000);
      })();
      return stopped;
    },
  };
}
