import { setTimeout as sleep } from 'node:timers/promises';
import type { ServiceClients } from '@/lib/supabase/clients';
import { syncAllClients, type SyncOptions } from '@/lib/sync/sync-clients';
import type { SyncReport } from '@/lib/sync/sync-report';
import { claimBulkRun, interruptSyncRun, STALE_AFTER_MS, SyncAlreadyRunningError } from '@/lib/sync/sync-runs';
import { serviceClients, sql } from './stack-clients';

/**
 * Bulk runs in tests on the shared stack. Only one bulk run goes at a time, and another
 * file's run may hold the slot (or a run whose process a test killed, until its heartbeat
 * goes stale): these wait for the slot rather than fail on it.
 */
const SLOT_WAIT_MS = 60_000;

export async function syncAllWhenFree(clients: ServiceClients, options: SyncOptions, waitMs = SLOT_WAIT_MS): Promise<SyncReport> {
  const deadline = Date.now() + waitMs;
  for (;;) {
    try {
      return await syncAllClients(clients, options);
    } catch (error) {
      if (!(error instanceof SyncAlreadyRunningError) || Date.now() > deadline) throw error;
      await sleep(250);
    }
  }
}

/** Retries an attempt while it answers "already running" (a 409, exit code 3…). */
export async function retryWhileBusy<T>(attempt: () => Promise<T>, isBusy: (result: T) => boolean, waitMs = SLOT_WAIT_MS): Promise<T> {
  const deadline = Date.now() + waitMs;
  for (;;) {
    const result = await attempt();
    if (!isBusy(result) || Date.now() > deadline) return result;
    await sleep(250);
  }
}

/** Takes the slot for a test, as a run started elsewhere would hold it; release() closes that run. */
export async function holdBulkSlot(label: string, waitMs = SLOT_WAIT_MS): Promise<{ runId: string; release: () => Promise<void> }> {
  const { projectA } = serviceClients();
  const deadline = Date.now() + waitMs;
  for (;;) {
    const claim = await claimBulkRun(projectA, { source: 'bulk', actorLabel: label });
    if (claim.claimed) return { runId: claim.runId, release: async () => void (await interruptSyncRun(projectA, claim.runId, 'test over')) };
    if (Date.now() > deadline) throw new Error(`the bulk-sync slot stayed taken by run ${claim.running.id}`);
    await sleep(250);
  }
}

/** As if a killed process's last beat were older than the stale bound: the wait, skipped. */
export async function ageHeartbeat(runId: string): Promise<void> {
  await sql('a', `update public.sync_runs set heartbeat_at = heartbeat_at - ($2::int + 1000) * interval '1 millisecond' where id = $1`, [
    runId,
    STALE_AFTER_MS,
  ]);
}
