import { readdir, readFile } from 'node:fs/promises';

/**
 * The PostgREST process that serves `socketPath` (a stack's `postgrestSocket`).
 * The stack starts each PostgREST with its socket path in its environment and
 * nothing else of the caller's, so /proc/<pid>/environ names it exactly;
 * every test stack's socket lives in its own temp folder, so the match is one
 * process of this test's own stack. Linux only, as the local stack is.
 */
export async function postgrestPid(socketPath: string): Promise<number> {
  const wanted = `PGRST_SERVER_UNIX_SOCKET=${socketPath}`;
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    // Other users' processes, and ones that exit while we look, cannot be read: they are not ours.
    const environ = await readFile(`/proc/${entry}/environ`, 'utf8').catch(() => '');
    if (environ.split('\0').includes(wanted)) return Number(entry);
  }
  throw new Error(`no PostgREST process serves ${socketPath}`);
}

/**
 * Runs `work` while that PostgREST is frozen with SIGSTOP: it keeps its
 * socket and its database connections but answers nothing, as a hung Project
 * A does. It is always thawed (SIGCONT) afterwards, whatever `work` did.
 */
export async function whilePostgrestHangs<T>(socketPath: string, work: () => Promise<T>): Promise<T> {
  const pid = await postgrestPid(socketPath);
  process.kill(pid, 'SIGSTOP');
  try {
    return await work();
  } finally {
    process.kill(pid, 'SIGCONT');
  }
}
