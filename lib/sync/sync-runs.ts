import type { Database } from '@/lib/database/project-a.types';
import type { ProjectAClient } from '@/lib/supabase/clients';
import { countsOf, type BatchCounts, type SyncReport, type SyncScope, type SyncSource } from './sync-report';

export type SyncRunRow = Database['public']['Tables']['sync_runs']['Row'];

/** A run whose batches stopped moving its heartbeat this long ago was killed or crashed. */
export const STALLED_AFTER_MS = 2 * 60_000;

export interface RunActor {
  actorId?: string | null;
  actorLabel?: string | null;
}

/** Records a run before it starts, so /sync can follow it; closes runs that were killed half-way. */
export async function startSyncRun(projectA: ProjectAClient, run: { scope: SyncScope; source: SyncSource } & RunActor): Promise<string> {
  await projectA
    .from('sync_runs')
    .update({ status: 'failed', finished_at: new Date().toISOString(), message: 'Interrupted: the run stopped before it finished.' })
    .eq('status', 'running')
    .lt('heartbeat_at', new Date(Date.now() - STALLED_AFTER_MS).toISOString());
  const { data, error } = await projectA
    .from('sync_runs')
    .insert({ scope: run.scope, source: run.source, actor_id: run.actorId ?? null, actor_label: run.actorLabel ?? null })
    .select('id')
    .single();
  if (error) throw new Error(`sync run: ${error.message}`);
  return data.id;
}

export async function recordRunTotal(projectA: ProjectAClient, runId: string, total: number): Promise<void> {
  await projectA.from('sync_runs').update({ total, heartbeat_at: new Date().toISOString() }).eq('id', runId);
}

/** The final counters come from the report: it also knows the rows that failed outside the database. */
export async function finishSyncRun(projectA: ProjectAClient, runId: string, report: SyncReport): Promise<void> {
  const { error } = await projectA
    .from('sync_runs')
    .update({
      status: report.status,
      finished_at: new Date().toISOString(),
      heartbeat_at: new Date().toISOString(),
      total: report.total,
      ...countsOf(report),
      elapsed_ms: Math.round(report.elapsedMs),
      message: report.message?.slice(0, 2000) ?? null,
      error_samples: report.errorSamples.map((sample) => ({ ...sample })),
    })
    .eq('id', runId);
  if (error) throw new Error(`sync run: ${error.message}`);
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

export function isStalled(run: Pick<SyncRunRow, 'status' | 'heartbeat_at'>, now = Date.now()): boolean {
  return run.status === 'running' && now - Date.parse(run.heartbeat_at) > STALLED_AFTER_MS;
}

/** What the /sync page shows of a run while it goes and after. */
export interface RunProgress extends BatchCounts {
  id: string;
  status: SyncRunRow['status'];
  stalled: boolean;
  source: SyncRunRow['source'];
  actorLabel: string | null;
  startedAt: string;
  finishedAt: string | null;
  total: number | null;
  elapsedMs: number | null;
  message: string | null;
}

export function runProgressOf(run: SyncRunRow, now = Date.now()): RunProgress {
  return {
    id: run.id,
    status: run.status,
    stalled: isStalled(run, now),
    source: run.source,
    actorLabel: run.actor_label,
    startedAt: run.started_at,
    finishedAt: run.finished_at,
    total: run.total,
    ...countsOf(run),
    elapsedMs: run.elapsed_ms,
    message: run.message,
  };
}
