import type { Database } from '@/lib/database/project-a.types';

export type SyncSource = Database['public']['Enums']['sync_source'];
export type SyncRunStatus = Database['public']['Enums']['sync_run_status'];
export type SyncScope = 'all' | 'client';

/** What one call of sync_clients_from_source did (or, in a dry run, would do). */
export interface BatchCounts {
  scanned: number;
  created: number;
  updated: number;
  unchanged: number;
  /** New e-mail conflicts recorded (a pair already on record is not counted again). */
  conflicts: number;
  /** Rows refused: a practice client holds the id, or the row failed a check. */
  errors: number;
  /** Synced clients in A whose Project B person is gone; null when not counted. */
  orphans: number | null;
}

export interface SyncErrorSample {
  clientId?: string;
  reason: string;
}

/** The report every sync returns, and what a run row keeps. */
export interface SyncReport extends BatchCounts {
  runId: string | null;
  scope: SyncScope;
  source: SyncSource;
  dryRun: boolean;
  status: Exclude<SyncRunStatus, 'running'>;
  /** People in Project B when the run listed them. */
  total: number;
  elapsedMs: number;
  message?: string;
  errorSamples: SyncErrorSample[];
}

export const MAX_ERROR_SAMPLES = 20;

export function emptyCounts(): BatchCounts {
  return { scanned: 0, created: 0, updated: 0, unchanged: 0, conflicts: 0, errors: 0, orphans: null };
}

export function addCounts(into: BatchCounts, add: BatchCounts): void {
  into.scanned += add.scanned;
  into.created += add.created;
  into.updated += add.updated;
  into.unchanged += add.unchanged;
  into.conflicts += add.conflicts;
  into.errors += add.errors;
  if (add.orphans !== null) into.orphans = (into.orphans ?? 0) + add.orphans;
}

/** Reads a count from the JSON object a sync SQL function returns; a missing or odd field counts as 0. */
export function countReader(json: unknown): (key: string) => number {
  const value = (json ?? {}) as Record<string, unknown>;
  return (key) => (typeof value[key] === 'number' ? (value[key] as number) : 0);
}

/** The JSON sync_clients_from_source returns, checked field by field. */
export function batchCountsFromJson(json: unknown): BatchCounts {
  const value = (json ?? {}) as Record<string, unknown>;
  const n = countReader(json);
  return {
    scanned: n('scanned'),
    created: n('created'),
    updated: n('updated'),
    unchanged: n('unchanged'),
    conflicts: n('conflicts'),
    errors: n('collisions'),
    orphans: typeof value.orphans === 'number' ? value.orphans : null,
  };
}

export function statusOf(counts: BatchCounts, failed: boolean): SyncReport['status'] {
  if (failed) return 'failed';
  return counts.errors > 0 ? 'completed_with_errors' : 'succeeded';
}
