/**
 * Entry of the processes bench/process.ts#runWorker starts: one task, one
 * answer over IPC, then exit. A process per task keeps peak RSS per task.
 */
type Task = (input: never) => Promise<unknown>;

const TASKS: Record<string, () => Promise<Task>> = {
  throughput: async () => (await import('./throughput')).throughputWorker,
  'bulk-sync': async () => (await import('./bulk-sync')).bulkSyncWorker,
  'naive-sync': async () => (await import('./bulk-sync')).naiveSyncWorker,
};

async function runTask(message: { task: string; input: unknown }): Promise<void> {
  try {
    const load = TASKS[message.task];
    if (!load) throw new Error(`unknown bench task ${message.task}`);
    const result = await (await load())(message.input as never);
    process.send?.({ ok: true, result }, () => process.exit(0));
  } catch (error) {
    const text = error instanceof Error ? (error.stack ?? error.message) : String(error);
    process.send?.({ ok: false, error: text }, () => process.exit(1));
  }
}

// runTask answers its own failures, so nothing is left to await here.
process.once('message', (message: { task: string; input: unknown }) => void runTask(message));
// The bench went away: nothing left to answer to.
process.on('disconnect', () => process.exit(1));
