'use client';

import { useRouter } from 'next/navigation';
import { useEffect, useState, useTransition } from 'react';
import { SYNC_COUNT_FIELDS, SYNC_COUNT_LABELS } from '@/lib/sync/sync-report';
import type { RunProgress } from '@/lib/sync/sync-runs';
import { getSyncRunProgressAction, startBulkSyncAction } from './actions';

const POLL_MS = 700;
const number = new Intl.NumberFormat('en');

function Counts({ run }: { run: RunProgress }) {
  return (
    <dl className="sync-counts" data-test="sync-run-counts">
      {SYNC_COUNT_FIELDS.map((field) => (
        <div key={field}>
          <dt>{SYNC_COUNT_LABELS[field]}</dt>
          <dd data-test={`run-${field}`}>{number.format(run[field])}</dd>
        </div>
      ))}
    </dl>
  );
}

const OUTCOME_TEXT: Record<Exclude<RunProgress['status'], 'running' | 'interrupted'>, string> = {
  succeeded: 'Sync finished.',
  completed_with_errors: 'Sync finished with errors.',
  failed: 'Sync failed.',
};

function RunResult({ run }: { run: RunProgress }) {
  if (run.status === 'running') return null;
  const done = run.total === null ? '' : ` ${number.format(run.scanned)} of ${number.format(run.total)} people were done.`;
  const text =
    run.status === 'interrupted'
      ? `This sync was interrupted: it stopped before it finished.${done} Running it again finishes the job; nothing is copied twice.`
      : `${OUTCOME_TEXT[run.status]}${run.elapsedMs !== null ? ` ${(run.elapsedMs / 1000).toFixed(1)} s.` : ''}${run.message ? ` ${run.message}` : ''}`;
  return (
    <p className={run.status === 'succeeded' ? 'notice success' : 'notice error'} role="status" data-test="sync-result">
      {text}
    </p>
  );
}

/**
 * "Sync all now": the action answers with the run at once and the run goes on on the server;
 * this polls the run row until it is done (or is found interrupted), then refreshes the page so
 * the status and the run list show the result. When another run holds the one bulk-sync slot,
 * the action names it and this follows that run instead.
 */
export function SyncRunner({ initialRun }: { initialRun: RunProgress | null }) {
  const router = useRouter();
  const [run, setRun] = useState<RunProgress | null>(initialRun);
  const [message, setMessage] = useState<{ text: string; aboutRunId?: string } | null>(null);
  const [starting, startTransition] = useTransition();
  const running = run?.status === 'running';

  useEffect(() => {
    if (!running || !run) return;
    let cancelled = false;
    const poll = async () => {
      const next = await getSyncRunProgressAction(run.id);
      if (cancelled || !next) return;
      setRun(next);
      if (next.status === 'running') return;
      // "Already running" is over once that run is: its outcome below says the rest.
      setMessage((current) => (current?.aboutRunId === next.id ? null : current));
      router.refresh();
    };
    const timer = setTimeout(() => {
      // The run goes on on the server; only this page lost sight of it, and polling stops until a reload.
      poll().catch(() => {
        if (!cancelled) setMessage({ text: 'Lost touch with the server. Reload the page to see how the sync is doing.' });
      });
    }, POLL_MS);
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [run, running, router]);

  const start = () =>
    startTransition(async () => {
      setMessage(null);
      const result = await startBulkSyncAction();
      if (result.outcome === 'failed') {
        setMessage({ text: result.message });
        return;
      }
      if (result.outcome === 'already_running') setMessage({ text: result.message, aboutRunId: result.run.id });
      setRun(result.run);
      // A small run can be over before the first look: then there is nothing to poll, only to show.
      if (result.run.status !== 'running') router.refresh();
    });

  const percent = run?.total ? Math.min(100, Math.floor((run.scanned / run.total) * 100)) : 0;
  return (
    <section className="card stack" aria-labelledby="run-heading" data-test="sync-runner">
      <div className="page-header">
        <h2 id="run-heading">Sync everyone now</h2>
        <button type="button" className="button primary" onClick={start} disabled={starting || running} data-test="sync-now">
          {running ? 'Sync running…' : starting ? 'Starting…' : 'Sync all from Project B'}
        </button>
      </div>
      <p className="muted">
        Copies every Project B person not yet in the practice and refreshes names and e-mails that changed. Phone, date of birth, notes and status are
        never touched. One sync runs at a time, whoever starts it (this page, the sync API, the nightly cron or the command line).
      </p>
      {message ? (
        <p className="notice error" role="alert" data-test="sync-message">
          {message.text}
        </p>
      ) : null}
      {run ? (
        <div className="stack" data-test="sync-progress" data-status={run.status} data-run-id={run.id}>
          {running ? (
            <>
              <label htmlFor="sync-progress-bar">
                {run.total === null
                  ? 'Listing Project B accounts…'
                  : `${number.format(run.scanned)} of ${number.format(run.total)} people (${percent}%)`}
              </label>
              <progress id="sync-progress-bar" max={run.total ?? undefined} value={run.total === null ? undefined : run.scanned} />
            </>
          ) : (
            <RunResult run={run} />
          )}
          {run.status === 'interrupted' ? (
            <div>
              <button type="button" className="button" onClick={start} disabled={starting} data-test="sync-run-again">
                {starting ? 'Starting…' : 'Run again'}
              </button>
            </div>
          ) : null}
          <p className="muted" data-test="sync-run-id">
            Run <code>{run.id}</code>
            {run.actorLabel ? ` · ${run.actorLabel}` : ''}
          </p>
          <Counts run={run} />
        </div>
      ) : null}
    </section>
  );
}
