import type { Database } from '@/lib/database/project-a.types';
import { OBJECT_NOT_IN_PREREQUISITE_STATE } from '@/lib/database/postgres-errors';
import type { ProjectAClient } from '@/lib/supabase/clients';
import { AUDIT_SOURCE_LABELS } from './audit';
import { countsOf, type BatchCounts, type SyncReport, type SyncSource } from './sync-report';

export type SyncRunRow = Database['public']['Tables']['sync_runs']['Row'];

/**
 * A running bulk run moves its heartbeat this often, on a timer of its own, so a batch that
 * takes long (a slow Project B page, a lock in A) does not make it look dead.
 */
export const HEARTBEAT_MS = 5_000;
/**
 * Three missed beats in a row: the process is gone (killed, crashed, its host stopped), not
 * just slow for one request. The next start, or the next look at /sync, closes the run as
 * interrupted. A run wrongly judged dead loses nothing: its next batch is refused and rolls
 * back (the finished run's row is final), and a new run finishes the job.
 */
export const STALE_AFTER_MS = 3 * HEARTBEAT_MS;
const STALE_AFTER = `${STALE_AFTER_MS / 1000} seconds`;

/** The hint keep_finished_sync_runs raises with when a closed run's counters would move. */
const RUN_NOT_RUNNING_HINT = 'sync_run_not_running';

export interface RunActor {
  actorId?: string | null;
  actorLabel?: string | null;
}

/** What /sync, the API and the CLI show of a run while it goes and after. */
export interface RunProgress extends BatchCounts {
  id: string;
  status: SyncRunRow['status'];
  source: SyncRunRow['source'];
  actorLabel: string | null;
  startedAt: string;
  heartbeatAt: string;
  finishedAt: string | null;
  total: number | null;
  elapsedMs: number | null;
  message: string | null;
}

export function runProgressOf(run: SyncRunRow): RunProgress {
  return {
    id: run.id,
    status: run.status,
    source: run.source,
    actorLabel: run.actor_label,
    startedAt: run.started_at,
    heartbeatAt: run.heartbeat_at,
    finishedAt: run.finished_at,
    total: run.total,
    ...countsOf(run),
    elapsedMs: run.elapsed_ms,
    message: run.message,
  };
}

const number = new Intl.NumberFormat('en');

/** "run 5d1c…, started 2026-12-02T01:02:03.000Z via Command line (cli:ana@host), 3,000 of 10,000 people so far" */
export function describeRun(run: RunProgress): string {
  const who = `${AUDIT_SOURCE_LABELS[run.source]}${run.actorLabel ? ` (${run.actorLabel})` : ''}`;
  const progress =
    run.total === null ? 'still listing Project B accounts' : `${number.format(run.scanned)} of ${number.format(run.total)} people so far`;
  return `run ${run.id}, started ${run.startedAt} via ${who}, ${progress}`;
}

/** A write run asked for the slot while another held it. */
export class SyncAlreadyRunningError extends Error {
  constructor(readonly running: RunProgress) {
    super(`A bulk sync is already running: ${describeRun(running)}.`);
    this.name = 'SyncAlreadyRunningError';
  }
}

export type BulkRunClaim = { claimed: true; runId: string } | { claimed: false; running: RunProgress };

/**
 * Takes the one bulk-sync slot (the unique index over running bulk runs), closing a run whose
 * heartbeat stopped on the way, in one transaction: of any number of callers at once, exactly
 * one gets a run id and the others the run that holds the slot.
 */
export async function claimBulkRun(projectA: ProjectAClient, run: { source: SyncSource } & RunActor): Promise<BulkRunClaim> {
  const { data, error } = await projectA
    .rpc('start_bulk_sync_run', {
      source: run.source,
      stale_after: STALE_AFTER,
      actor: run.actorId ?? undefined,
      actor_label: run.actorLabel ?? undefined,
    })
    .single();
  if (error) throw new Error(`sync run: ${error.message}`);
  if (data.claimed) return { claimed: true, runId: data.run_id };
  const holder = await getSyncRun(projectA, data.run_id);
  if (!holder) throw new Error(`sync run: the run holding the slot (${data.run_id}) cannot be read`);
  return { claimed: false, running: runProgressOf(holder) };
}

/** Closes runs whose heartbeat stopped, so nobody follows a dead run's frozen counters. */
export async function interruptStaleRuns(projectA: ProjectAClient): Promise<number> {
  const { data, error } = await projectA.rpc('interrupt_stale_sync_runs', { stale_after: STALE_AFTER });
  if (error) throw new Error(`sync runs: ${error.message}`);
  return data;
}

/** The run's sign of life. False once the run was closed (taken over after a stall): it must stop. */
export async function beatSyncRun(projectA: ProjectAClient, runId: string): Promise<boolean> {
  const { data, error } = await projectA.rpc('beat_sync_run', { run: runId });
  if (error) throw new Error(`sync run heartbeat: ${error.message}`);
  return data;
}

/** A run stopped on purpose (its process is going away): closed now rather than when it goes stale. */
export async function interruptSyncRun(projectA: ProjectAClient, runId: string, reason: string): Promise<boolean> {
  const { data, error } = await projectA
    .from('sync_runs')
    .update({ status: 'interrupted', finished_at: new Date().toISOString(), message: reason.slice(0, 2000) })
    .eq('id', runId)
    .eq('status', 'running')
    .select('id');
  if (error) throw new Error(`sync run: ${error.message}`);
  return data.length > 0;
}

/** A batch refused because its run is no longer running (closed as interrupted). */
export function isRunNotRunning(error: { code?: string; hint?: string | null } | null | undefined): boolean {
  return error?.code === OBJECT_NOT_IN_PREREQUISITE_STATE && error.hint === RUN_NOT_RUNNING_HINT;
}

export async function recordRunTotal(projectA: ProjectAClient, runId: string, total: number): Promise<void> {
  await projectA.from('sync_runs').update({ total }).eq('id', runId).eq('status', 'running');
}

/**
 * The final counters come from the report: it also knows the rows that failed outside the
 * database. False when the run was no longer running (closed as interrupted meanwhile).
 */
export async function finishSyncRun(projectA: ProjectAClient, runId: string, report: SyncReport): Promise<boolean> {
  const { data, error } = await projectA
    .from('sync_runs')
    .update({
      status: report.status,
      finished_at: new Date().toISOString(),
      total: report.total,
      ...countsOf(report),
      elapsed_ms: Math.round(report.elapsedMs),
      message: report.message?.slice(0, 2000) ?? null,
      error_samples: report.errorSamples.map((sample) => ({ ...sample })),
    })
    .eq('id', runId)
    .eq('status', 'running')
    .select('id');
  if (error) throw new Error(`sync run: ${error.message}`);
  return data.length > 0;
}

export async function listRecentRuns(client: ProjectAClient, limit = 10): Promise<SyncRunRow[]> {
  const { data, error } = await client.from('sync_runs').select('*').order('started_at', { ascending: false }).limit(limit);
  if (error) throw new Error(`sync runs: ${error.message}`);
  return data;
}

export async function getSyncRun(client: ProjectAClient, runId: string): Promise<SyncRunRow | null> {
  const { data, error } = await client.from('sync_runs').select('*').eq('id', runId).maybeSingle();
  if (error) throw new Error(`sync run: ${error.message}`);
  return data;
}
