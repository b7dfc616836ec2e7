import type { Metadata } from 'next';
import Link from 'next/link';
import { forbidden } from 'next/navigation';
import { Suspense } from 'react';
import { requireTherapist } from '@/lib/auth/session';
import { formatDateTime } from '@/lib/format/date-time';
import { logEvent } from '@/lib/observability/log';
import { createServerSupabase } from '@/lib/supabase/server';
import { getServiceClients } from '@/lib/supabase/service';
import { AUDIT_SOURCE_LABELS } from '@/lib/sync/audit';
import { listEmailConflicts } from '@/lib/sync/conflicts';
import { SourceGrantMissingError } from '@/lib/sync/source-access';
import { SYNC_COUNT_FIELDS, SYNC_COUNT_LABELS } from '@/lib/sync/sync-report';
import { interruptStaleRuns, listRecentRuns, runProgressOf, type RunProgress } from '@/lib/sync/sync-runs';
import { getSyncStatus } from '@/lib/sync/sync-status';
import { ConflictResolutionForm } from './conflict-resolution-form';
import { SyncRunner } from './sync-runner';
import './sync.css';

export const metadata: Metadata = { title: 'Sync · CareBridge' };

const number = new Intl.NumberFormat('en');

const RUN_STATUS_LABELS: Record<RunProgress['status'], string> = {
  running: 'Running',
  succeeded: 'Succeeded',
  completed_with_errors: 'Finished with errors',
  failed: 'Failed',
  interrupted: 'Interrupted',
};

/** The reconciliation reads all of Project B, so it streams in after the rest of the page. */
async function SyncStatusPanel() {
  let status;
  try {
    status = await getSyncStatus(getServiceClients());
  } catch (error) {
    logEvent('sync.status_failed', { level: 'error', detail: error instanceof Error ? error.message : String(error) });
    if (error instanceof SourceGrantMissingError) {
      return (
        <p className="notice error" role="alert" data-test="sync-status-grant-missing">
          {error.message}
        </p>
      );
    }
    return (
      <p className="notice error" role="alert" data-test="sync-status-error">
        Project B could not be read, so the comparison is not available. Try again in a moment.
      </p>
    );
  }
  const tiles: { key: string; label: string; value: number; hint: string; warn?: boolean }[] = [
    { key: 'source-people', label: 'People in Project B', value: status.sourcePeople, hint: 'Live accounts in the partner app' },
    { key: 'synced', label: 'Synced into the practice', value: status.synced, hint: 'Copied with the same id' },
    { key: 'not-synced', label: 'Not yet synced', value: status.notSynced, hint: 'A sync or a booking copies them', warn: status.notSynced > 0 },
    { key: 'stale', label: 'Stale', value: status.stale, hint: 'Changed in Project B since the last copy', warn: status.stale > 0 },
    { key: 'orphans', label: 'Orphans', value: status.orphans, hint: 'Copies of people Project B no longer has', warn: status.orphans > 0 },
    {
      key: 'conflicts',
      label: 'E-mail conflicts',
      value: status.emailConflicts,
      hint: status.unrecordedConflicts ? `${number.format(status.unrecordedConflicts)} more found on the next sync` : 'Waiting for a resolution',
      warn: status.emailConflicts + status.unrecordedConflicts > 0,
    },
  ];
  return (
    <>
      <dl className="sync-tiles" data-test="sync-status">
        {tiles.map((tile) => (
          <div key={tile.key} className={tile.warn ? 'sync-tile warn' : 'sync-tile'} data-test={`status-${tile.key}`}>
            <dt>{tile.label}</dt>
            <dd>
              <span className="sync-tile-value" data-test="status-value">
                {number.format(tile.value)}
              </span>
              <span className="sync-tile-hint">{tile.hint}</span>
            </dd>
          </div>
        ))}
      </dl>
      {status.idTaken > 0 ? (
        <p className="notice error" role="status">
          {number.format(status.idTaken)} Project B people share their id with a practice client; they are never overwritten.
        </p>
      ) : null}
      {status.orphanIds.length > 0 ? (
        <details className="sync-orphans" data-test="orphan-list">
          <summary>Orphan ids{status.orphans > status.orphanIds.length ? ` (first ${status.orphanIds.length})` : ''}</summary>
          <ul>
            {status.orphanIds.map((id) => (
              <li key={id}>
                <code>{id}</code>
              </li>
            ))}
          </ul>
        </details>
      ) : null}
      <p className="muted">Compared when the page loaded (took {formatDuration(status.elapsedMs)}); the numbers refresh after every run.</p>
    </>
  );
}

function formatDuration(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

function StatusLoading() {
  return (
    <p className="loading" role="status" data-test="sync-status-loading">
      <span className="spinner" aria-hidden="true" /> Comparing the practice with Project B…
    </p>
  );
}

export default async function SyncPage() {
  const therapist = await requireTherapist();
  // Hiding the nav link is convenience; this is the check (and the actions repeat it).
  if (!therapist.isAdmin) forbidden();

  const { projectA } = getServiceClients();
  // A run whose process died shows as interrupted, with "Run again", not as running with frozen counts.
  await interruptStaleRuns(projectA);
  const [runs, conflicts] = await Promise.all([
    listRecentRuns(await createServerSupabase(), 10),
    // Admins see every conflict with both names: read past care-team RLS after the check above.
    listEmailConflicts(projectA, { status: 'open', limit: 100 }),
  ]);
  const progress = runs.map((run) => runProgressOf(run));
  // The runner follows the latest run while it goes, and offers to run an interrupted one again.
  const latestRun = progress[0]?.status === 'running' || progress[0]?.status === 'interrupted' ? progress[0] : null;

  return (
    <>
      <div className="page-header">
        <h1>Sync with Project B</h1>
      </div>

      <section aria-labelledby="status-heading" className="stack">
        <h2 id="status-heading">Status</h2>
        <Suspense fallback={<StatusLoading />}>
          <SyncStatusPanel />
        </Suspense>
      </section>

      <SyncRunner initialRun={latestRun} />

      <section aria-labelledby="conflicts-heading">
        <h2 id="conflicts-heading">E-mail conflicts</h2>
        <p className="muted">
          A practice client and a Project B person with the same e-mail are never merged on their own. Both records stay; decide whether they are one
          person.
        </p>
        {conflicts.length === 0 ? (
          <div className="card empty" data-test="conflicts-empty">
            <p>No open conflicts.</p>
          </div>
        ) : (
          <div className="table-wrap">
            <table data-test="conflicts-table">
              <thead>
                <tr>
                  <th scope="col">E-mail</th>
                  <th scope="col">Practice client</th>
                  <th scope="col">Project B person</th>
                  <th scope="col">Found</th>
                  <th scope="col">Resolve</th>
                </tr>
              </thead>
              <tbody>
                {conflicts.map((conflict) => (
                  <tr key={conflict.id} data-test="conflict-row" data-conflict-id={conflict.id}>
                    <td>{conflict.email}</td>
                    <td>
                      <Link href={`/clients/${conflict.native.id}`}>{conflict.native.fullName ?? conflict.native.id}</Link>
                    </td>
                    <td>
                      <Link href={`/clients/${conflict.synced.id}`}>{conflict.synced.fullName ?? conflict.synced.id}</Link>
                    </td>
                    <td>
                      {formatDateTime(conflict.detectedAt, therapist.timeZone)}
                      <span className="muted"> · {AUDIT_SOURCE_LABELS[conflict.detectedVia]}</span>
                    </td>
                    <td>
                      <ConflictResolutionForm
                        conflictId={conflict.id}
                        label={`${conflict.native.fullName ?? 'practice client'} and ${conflict.synced.fullName ?? 'Project B person'}`}
                      />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <section aria-labelledby="runs-heading">
        <h2 id="runs-heading">Last runs</h2>
        {progress.length === 0 ? (
          <div className="card empty" data-test="runs-empty">
            <p>No sync has run yet.</p>
          </div>
        ) : (
          <div className="table-wrap">
            <table data-test="runs-table">
              <thead>
                <tr>
                  <th scope="col">Started</th>
                  <th scope="col">By</th>
                  <th scope="col">Status</th>
                  {SYNC_COUNT_FIELDS.map((field) => (
                    <th key={field} scope="col">
                      {SYNC_COUNT_LABELS[field]}
                    </th>
                  ))}
                  <th scope="col">Time</th>
                </tr>
              </thead>
              <tbody>
                {progress.map((run) => (
                  <tr key={run.id} id={`run-${run.id}`} data-test="run-row" data-run-id={run.id} data-status={run.status}>
                    <td>{formatDateTime(run.startedAt, therapist.timeZone)}</td>
                    <td>
                      {AUDIT_SOURCE_LABELS[run.source]}
                      {run.actorLabel ? <span className="muted"> · {run.actorLabel}</span> : null}
                    </td>
                    <td>
                      <span className={`badge sync-${run.status}`}>{RUN_STATUS_LABELS[run.status]}</span>
                    </td>
                    {SYNC_COUNT_FIELDS.map((field) => (
                      <td key={field} data-test={`run-row-${field}`}>
                        {number.format(run[field])}
                      </td>
                    ))}
                    <td>{run.elapsedMs !== null ? formatDuration(run.elapsedMs) : '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </>
  );
}
