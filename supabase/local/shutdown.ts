import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';

export type Shutdown = (code: number) => Promise<never>;

/**
 * The one way a program that runs the app over a local stack (`npm run dev`, the e2e app
 * server) stops: the app first, awaited, so it never outlives the stack it talks to, then
 * `cleanUp` (the stack), then exit with the first code asked for. A stop signal reaches the
 * whole process group, so the app exiting asks again while the stack is still stopping:
 * every later call waits for the first one.
 */
export function createShutdown(app: () => ChildProcess | undefined, cleanUp: () => Promise<void>): Shutdown {
  let stopping: Promise<never> | undefined;
  return (code) => {
    stopping ??= (async () => {
      try {
        const child = app();
        if (child && child.exitCode === null && child.signalCode === null) {
          const exited = once(child, 'exit');
          child.kill('SIGTERM');
          await exited;
        }
        await cleanUp();
      } finally {
        process.exit(code);
      }
    })();
    return stopping;
  };
}

/** Ctrl-C, a kill, or a closed terminal (SIGHUP) all stop the program cleanly. */
export function shutdownOnSignals(shutdown: Shutdown, signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP']): void {
  for (const signal of signals) process.on(signal, () => void shutdown(0));
}
