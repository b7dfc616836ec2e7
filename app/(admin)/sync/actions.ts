'use server';

import { revalidatePath } from 'next/cache';
import { after } from 'next/server';
import { redirect } from 'next/navigation';
import { getVisitor } from '@/lib/auth/session';
import { NOT_A_MEMBER_MESSAGE } from '@/lib/auth/therapist';
import { formatDateTime } from '@/lib/format/date-time';
import { finished } from '@/lib/forms/form-action';
import type { FormState } from '@/lib/forms/form-state';
import { therapistFormAction } from '@/lib/forms/server-action';
import { logEvent } from '@/lib/observability/log';
import { createServerSupabase } from '@/lib/supabase/server';
import { getServiceClients } from '@/lib/supabase/service';
import { AUDIT_SOURCE_LABELS } from '@/lib/sync/audit';
import { resolveEmailConflict } from '@/lib/sync/conflicts';
import { CONFLICT_RESOLUTION_FIELDS, conflictResolutionSchema, type ConflictResolutionField } from '@/lib/sync/conflict-resolution.schema';
import { isUuid } from '@/lib/ids';
import { findMissingProfilesGrant } from '@/lib/sync/source-access';
import { syncAllClients } from '@/lib/sync/sync-clients';
import { claimBulkRun, getSyncRun, interruptStaleRuns, runProgressOf, type RunProgress } from '@/lib/sync/sync-runs';

export type StartSyncResult =
  | { ok: true; outcome: 'started'; run: RunProgress }
  | { ok: false; outcome: 'already_running'; message: string; run: RunProgress }
  | { ok: false; outcome: 'failed'; message: string };

/**
 * Starts a bulk sync and answers at once with its run; the work goes on after the response
 * (next/server `after`), reporting into its sync_runs row, which the page polls. Only one
 * bulk run goes at a time, whoever started it: when another holds the slot, the answer names
 * it and the page follows it instead. The admin check is here, not only in the UI.
 */
export async function startBulkSyncAction(): Promise<StartSyncResult> {
  const visitor = await getVisitor();
  if (visitor.status === 'signed_out') redirect('/login');
  if (visitor.status === 'not_a_member') return { ok: false, outcome: 'failed', message: NOT_A_MEMBER_MESSAGE };
  const { therapist } = visitor;
  if (!therapist.isAdmin) return { ok: false, outcome: 'failed', message: 'Only practice admins can run a sync.' };
  const clients = getServiceClients();

  // No run row for a sync that cannot read Project B: the admin gets the reason at once.
  const grantMissing = await findMissingProfilesGrant(clients.projectB);
  if (grantMissing) {
    logEvent('sync.start_failed', { level: 'error', therapistId: therapist.id, detail: grantMissing.detail });
    return { ok: false, outcome: 'failed', message: grantMissing.message };
  }

  const actor = { actorId: therapist.id, actorLabel: therapist.fullName };
  let claim;
  try {
    claim = await claimBulkRun(clients.projectA, { source: 'bulk', ...actor });
  } catch (error) {
    logEvent('sync.start_failed', { level: 'error', therapistId: therapist.id, detail: error instanceof Error ? error.message : String(error) });
    return { ok: false, outcome: 'failed', message: 'The sync could not be started. Please try again.' };
  }
  if (!claim.claimed) {
    const { running } = claim;
    logEvent('sync.already_running', { level: 'info', therapistId: therapist.id, runningRunId: running.id, runningSource: running.source });
    const by = `${AUDIT_SOURCE_LABELS[running.source]}${running.actorLabel ? ` · ${running.actorLabel}` : ''}`;
    return {
      ok: false,
      outcome: 'already_running',
      message: `A sync is already running (started ${formatDateTime(running.startedAt, therapist.timeZone)}, ${by}). Showing its progress.`,
      run: running,
    };
  }
  const { runId } = claim;
  after(async () => {
    await syncAllClients(clients, { source: 'bulk', runId, ...actor });
  });
  const run = await getSyncRun(clients.projectA, runId);
  if (!run) return { ok: false, outcome: 'failed', message: 'The sync started, but its progress cannot be read. Reload the page.' };
  return { ok: true, outcome: 'started', run: runProgressOf(run) };
}

/** The run as it stands, for the page's progress display; a run whose process died reads as interrupted. */
export async function getSyncRunProgressAction(runId: string): Promise<RunProgress | null> {
  const visitor = await getVisitor();
  if (visitor.status !== 'member' || !visitor.therapist.isAdmin || !isUuid(runId)) return null;
  await interruptStaleRuns(getServiceClients().projectA);
  // Admins read runs under RLS (the policy lets them); no service role needed.
  const run = await getSyncRun(await createServerSupabase(), runId);
  return run ? runProgressOf(run) : null;
}

const RESOLVED_MESSAGES = {
  same_person: 'Linked as the same person.',
  different_people: 'Marked as different people.',
} as const;

/** "Same person" or "different people", as the signed-in therapist; the database checks who may. */
export async function resolveConflictAction(
  _previous: FormState<ConflictResolutionField>,
  formData: FormData,
): Promise<FormState<ConflictResolutionField>> {
  return therapistFormAction(
    formData,
    {
      action: 'sync.resolve_conflict',
      fields: CONFLICT_RESOLUTION_FIELDS,
      schema: conflictResolutionSchema,
      invalidMessage: 'Choose "same person" or "different people".',
      async handle({ conflictId, resolution }, { actor, log }) {
        const result = await resolveEmailConflict(actor.supabase, conflictId, resolution);
        log('sync.conflict_resolved', {
          level: result.ok ? 'info' : 'warn',
          conflictId,
          resolution,
          outcome: result.outcome,
        });
        if (!result.ok) return { status: 'error', message: result.message };
        return finished(resolution);
      },
    },
    (resolution) => {
      revalidatePath('/sync');
      revalidatePath('/clients', 'layout');
      return { status: 'success', message: RESOLVED_MESSAGES[resolution] };
    },
  );
}
