import pMap from 'p-map';
import type { Json } from '@/lib/database/project-a.types';
import { elapsedMs } from '@/lib/observability/log';
import type { ServiceClients } from '@/lib/supabase/clients';
import { findMissingProfilesGrant } from './source-access';
import { syncRowFromSource } from './source-person';
import { batchesOf, DEFAULT_ACCOUNT_PAGE, listSourceAccounts, readBatchPeople, type SourceBatch } from './source-reader';
import { interruptStaleRuns, listRecentRuns, type SyncRunRow } from './sync-runs';
import type { ComparisonRow } from './sync-report';

/**
 * How A and B compare right now. Computing it changes no client, conflict or audit row; it
 * only closes runs whose heartbeat stopped, so lastRun never shows a dead run as running.
 */
export interface SyncStatus {
  generatedAt: string;
  elapsedMs: number;
  /** Live people in Project B. */
  sourcePeople: number;
  /** B people that have their copy in A. */
  synced: number;
  /** B people A does not have yet. */
  notSynced: number;
  /** Synced people whose B data is newer than A's copy, or whose name or e-mail differ. */
  stale: number;
  /** Copies in A of people B no longer has. */
  orphans: number;
  /** Up to ORPHAN_SAMPLE of their ids. */
  orphanIds: string[];
  /** Open e-mail conflicts on record, waiting for a resolution. */
  emailConflicts: number;
  /** Pairs with the same e-mail the next sync will record (people not copied yet, or practice clients added since). */
  unrecordedConflicts: number;
  /** B people whose UUID a practice client holds: never overwritten, counted as errors by a sync. */
  idTaken: number;
  lastRun: SyncRunRow | null;
}

export const ORPHAN_SAMPLE = 50;

export async function getSyncStatus(clients: ServiceClients, options: { batchSize?: number; concurrency?: number } = {}): Promise<SyncStatus> {
  const startedAt = performance.now();
  const { projectA, projectB } = clients;
  // Before listing every account: without this grant no batch could be compared.
  const grantMissing = await findMissingProfilesGrant(projectB);
  if (grantMissing) throw grantMissing;
  const index = await listSourceAccounts(projectB, { perPage: DEFAULT_ACCOUNT_PAGE });
  const batches = batchesOf(index, options.batchSize ?? 1000);
  const totals = { people: 0, new: 0, stale: 0, unchanged: 0, id_taken: 0, conflicts: 0, orphans: 0 } satisfies Partial<ComparisonRow>;
  const orphanIds: string[] = [];

  const compare = async (batch: SourceBatch) => {
    const { people } = await readBatchPeople(projectB, batch, index);
    const { data, error } = await projectA
      .rpc('compare_clients_with_source', {
        batch: people.map(syncRowFromSource) as unknown as Json,
        range_after: batch.after ?? undefined,
        range_through: batch.through ?? undefined,
        count_orphans: true,
        orphan_sample: ORPHAN_SAMPLE,
      })
      .single();
    if (error) throw new Error(`comparing with Project B: ${error.message}`);
    for (const key of Object.keys(totals) as (keyof typeof totals)[]) totals[key] += data[key];
    for (const id of data.orphan_ids) if (orphanIds.length < ORPHAN_SAMPLE) orphanIds.push(id);
  };
  const [openConflicts, runs] = await Promise.all([
    projectA.from('client_email_conflicts').select('id', { count: 'exact', head: true }).eq('status', 'open'),
    interruptStaleRuns(projectA).then(() => listRecentRuns(projectA, 1)),
    pMap(batches, compare, { concurrency: options.concurrency ?? 3 }),
  ]);
  if (openConflicts.error) throw new Error(`conflicts: ${openConflicts.error.message}`);

  return {
    generatedAt: new Date().toISOString(),
    elapsedMs: elapsedMs(startedAt),
    sourcePeople: totals.people,
    synced: totals.stale + totals.unchanged,
    notSynced: totals.new,
    stale: totals.stale,
    orphans: totals.orphans,
    orphanIds: orphanIds.sort(),
    emailConflicts: openConflicts.count ?? 0,
    unrecordedConflicts: totals.conflicts,
    idTaken: totals.id_taken,
    lastRun: runs[0] ?? null,
  };
}
