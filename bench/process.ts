import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';

export const ROOT = path.resolve(import.meta.dirname, '..');

/** Every process the bench starts, so an interrupted run can end them (by their own pid, nothing else). */
const running = new Set<ChildProcess>();

export function track(child: ChildProcess): ChildProcess {
  running.add(child);
  child.once('exit', () => running.delete(child));
  return child;
}

export function killTracked(): void {
  for (const child of running) if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
}

/** A TypeScript module in its own Node process (through tsx), with an IPC channel. */
export function forkTsx(entry: string, args: string[] = [], env: NodeJS.ProcessEnv = process.env): ChildProcess {
  return track(
    fork(path.join(ROOT, entry), args, {
      cwd: ROOT,
      env,
      execArgv: ['--import', 'tsx'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    }),
  );
}

export function waitForExit(child: ChildProcess, timeoutMs: number): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
    }, timeoutMs);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve(code);
    });
  });
}

type WorkerReply<T> = { ok: true; result: T } | { ok: false; error: string };

/**
 * Runs one bench task in a fresh process (bench/child.ts), so that process's
 * peak RSS belongs to that task alone. Bounded: the child is killed at the deadline.
 */
export async function runWorker<T>(task: string, input: unknown, timeoutMs: number): Promise<T> {
  const child = forkTsx('bench/child.ts');
  try {
    return await new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${task} did not finish within ${Math.round(timeoutMs / 1000)} s`)), timeoutMs);
      child.once('message', (message: WorkerReply<T>) => {
        clearTimeout(timer);
        if (message.ok) resolve(message.result);
        else reject(new Error(message.error));
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`${task} exited with code ${code} before answering`));
      });
      child.send({ task, input });
    });
  } finally {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await waitForExit(child, 5_000);
  }
}
