import type { Json } from '@/lib/database/project-a.types';
import { elapsedMs } from '@/lib/observability/log';
import type { SyncClients } from './sync-clients';
import { findMissingProfilesGrant } from './source-access';
import { syncRowFromSource } from './source-person';
import { batchesOf, DEFAULT_ACCOUNT_PAGE, listSourceAccounts, readBatchPeople, type SourceBatch } from './source-reader';
import { listRecentRuns, type SyncRunRow } from './sync-runs';
import { countReader } from './sync-report';

/** How A and B compare right now. Read-only: computing it writes nothing anywhere. */
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
  idCollisions: number;
  lastRun: SyncRunRow | null;
}

export const ORPHAN_SAMPLE = 50;

interface BatchComparison {
  people: number;
  synced: number;
  notSynced: number;
  stale: number;
  collisions: number;
  orphans: number;
  orphanIds: string[];
  unrecordedConflicts: number;
}

function comparisonFromJson(json: unknown): BatchComparison {
  const value = (json ?? {}) as Record<string, unknown>;
  const n = countReader(json);
  return {
    people: n('people'),
    synced: n('synced'),
    notSynced: n('notSynced'),
    stale: n('stale'),
    collisions: n('collisions'),
    orphans: n('orphans'),
    orphanIds: Array.isArray(value.orphanIds) ? value.orphanIds.filter((id): id is string => typeof id === 'string') : [],
    unrecordedConflicts: n('unrecordedConflicts'),
  };
}

export async function getSyncStatus(clients: SyncClients, options: { batchSize?: number; concurrency?: number } = {}): Promise<SyncStatus> {
  const startedAt = performance.now();
  const { projectA, projectB } = clients;
  // Before listing every account: without this grant no batch could be compared.
  const grantMissing = await findMissingProfilesGrant(projectB);
  if (grantMissing) throw grantMissing;
  const index = await listSourceAccounts(projectB, { perPage: DEFAULT_ACCOUNT_PAGE });
  const batches = batchesOf(index, options.batchSize ?? 1000);
  const totals: BatchComparison = { people: 0, synced: 0, notSynced: 0, stale: 0, collisions: 0, orphans: 0, orphanIds: [], unrecordedConflicts: 0 };

  const compare = async (batch: SourceBatch) => {
    const { people } = await readBatchPeople(projectB, batch, index);
    const { data, error } = await projectA.rpc('compare_clients_with_source', {
      batch: people.map(syncRowFromSource) as unknown as Json,
      range_after: batch.after ?? undefined,
      range_through: batch.through ?? undefined,
      orphan_sample: ORPHAN_SAMPLE,
    });
    if (error) throw new Error(`comparing with Project B: ${error.message}`);
    const result = comparisonFromJson(data);
    totals.people += result.people;
    totals.synced += result.synced;
    totals.notSynced += result.notSynced;
    totals.stale += result.stale;
    totals.collisions += result.collisions;
    totals.orphans += result.orphans;
    totals.unrecordedConflicts += result.unrecordedConflicts;
    for (const id of result.orphanIds) if (totals.orphanIds.length < ORPHAN_SAMPLE) totals.orphanIds.push(id);
  };
  let next = 0;
  const worker = async () => {
    while (next < batches.length) {
      const batch = batches[next++];
      if (batch) await compare(batch);
    }
  };
  const [openConflicts, runs] = await Promise.all([
    projectA.from('client_email_conflicts').select('id', { count: 'exact', head: true }).eq('status', 'open'),
    listRecentRuns(projectA, 1),
    Promise.all(Array.from({ length: Math.min(options.concurrency ?? 3, batches.length) }, worker)),
  ]);
  if (openConflicts.error) throw new Error(`conflicts: ${openConflicts.error.message}`);

  return {
    generatedAt: new Date().toISOString(),
    elapsedMs: elapsedMs(startedAt),
    sourcePeople: totals.people,
    synced: totals.synced,
    notSynced: totals.notSynced,
    stale: totals.stale,
    orphans: totals.orphans,
    orphanIds: totals.orphanIds.sort(),
    emailConflicts: openConflicts.count ?? 0,
    unrecordedConflicts: totals.unrecordedConflicts,
    idCollisions: totals.collisions,
    lastRun: runs[0] ?? null,
  };
}
