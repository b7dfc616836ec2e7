import type { Database } from '@/lib/database/project-a.types';

export type SyncSource = Database['public']['Enums']['sync_source'];
export type SyncRunStatus = Database['public']['Enums']['sync_run_status'];
export type SyncScope = 'all' | 'client';

type Functions = Database['public']['Functions'];
/** One row of sync_clients_from_source: what one batch did. */
export type SyncBatchRow = Functions['sync_clients_from_source']['Returns'][number];
/** One row of compare_clients_with_source: what a sync of one batch would do. */
export type ComparisonRow = Functions['compare_clients_with_source']['Returns'][number];
type SyncRunRow = Database['public']['Tables']['sync_runs']['Row'];

/**
 * The counters of a sync, in the order every report shows them (CLI, progress
 * line, /sync, docs/sync.md). Each is a column of sync_clients_from_source's row
 * and of sync_runs, under the same name.
 */
export const SYNC_COUNT_FIELDS = [
  'scanned',
  'created',
  'updated',
  'unchanged',
  'conflicts',
  'errors',
] as const satisfies readonly (keyof SyncBatchRow & keyof SyncRunRow)[];
export type SyncCountField = (typeof SYNC_COUNT_FIELDS)[number];

export const SYNC_COUNT_LABELS: Record<SyncCountField, string> = {
  scanned: 'Scanned',
  created: 'Created',
  updated: 'Updated',
  unchanged: 'Unchanged',
  conflicts: 'Conflicts',
  errors: 'Errors',
};

/**
 * What one call of sync_clients_from_source did (or, in a dry run, would do).
 * conflicts: new e-mail conflicts recorded (a pair already on record is not
 * counted again). errors: rows refused (a practice client holds the id, or the
 * row failed a check). orphans: synced clients in A whose Project B person is
 * gone; null when not counted.
 */
export type BatchCounts = Pick<SyncBatchRow, SyncCountField> & { orphans: number | null };

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
  const counts = { orphans: null } as BatchCounts;
  for (const field of SYNC_COUNT_FIELDS) counts[field] = 0;
  return counts;
}

export function addCounts(into: BatchCounts, add: BatchCounts): void {
  for (const field of SYNC_COUNT_FIELDS) into[field] += add[field];
  if (add.orphans !== null) into.orphans = (into.orphans ?? 0) + add.orphans;
}

/**
 * The counters out of anything that carries them under their names: the
 * write's row, a report, a sync_runs row. Orphans stay null when not counted
 * (the generated type of the write's row says number; the function returns null).
 */
export function countsOf(row: Pick<SyncBatchRow, SyncCountField> & { orphans: number | null }): BatchCounts {
  const counts = { orphans: row.orphans ?? null } as BatchCounts;
  for (const field of SYNC_COUNT_FIELDS) counts[field] = row[field];
  return counts;
}

/** A dry run: the comparison's verdicts, counted as the write would count them. */
export function countsFromComparison(row: ComparisonRow): BatchCounts {
  return {
    scanned: row.people,
    created: row.new,
    updated: row.stale,
    unchanged: row.unchanged,
    conflicts: row.conflicts,
    errors: row.id_taken,
    // The generated type says number; the function returns null when orphans were not counted.
    orphans: row.orphans ?? null,
  };
}

export function statusOf(counts: BatchCounts, failed: boolean): SyncReport['status'] {
  if (failed) return 'failed';
  return counts.errors > 0 ? 'completed_with_errors' : 'succeeded';
}
