import pMap from 'p-map';
import pRetry from 'p-retry';
import { isDataError } from '@/lib/database/postgres-errors';
import type { Json } from '@/lib/database/project-a.types';
import { elapsedMs, logEvent, type EventLogger } from '@/lib/observability/log';
import type { ProjectAClient, ServiceClients } from '@/lib/supabase/clients';
import { findMissingProfilesGrant } from './source-access';
import { fetchSourcePerson, syncRowFromSource, type SyncRow } from './source-person';
import { batchesOf, DEFAULT_ACCOUNT_PAGE, listSourceAccounts, readBatchPeople, type SourceBatch } from './source-reader';
import {
  addCounts,
  countsFromComparison,
  countsOf,
  emptyCounts,
  MAX_ERROR_SAMPLES,
  statusOf,
  type BatchCounts,
  type SyncErrorSample,
  type SyncReport,
  type SyncSource,
} from './sync-report';
import {
  beatSyncRun,
  claimBulkRun,
  finishSyncRun,
  HEARTBEAT_MS,
  interruptSyncRun,
  isRunNotRunning,
  recordRunTotal,
  SyncAlreadyRunningError,
  type RunActor,
} from './sync-runs';

/**
 * Bulk and single-person sync from Project B into Project A. Plain functions
 * over the two service clients: the /sync page, the route handlers, the CLI and
 * the tests all run this code. The rules themselves (copy, refresh B-owned
 * fields only, conflicts, audit) live in Postgres: sync_clients_from_source
 * writes (the booking path calls it too), compare_clients_with_source counts
 * what it would do (the dry run and the status), from the same verdicts.
 */

export interface SyncProgress {
  phase: 'listing' | 'syncing';
  /** People listed (listing) or processed (syncing) so far. */
  done: number;
  total: number;
  counts: BatchCounts;
}

export interface SyncOptions extends RunActor {
  source: SyncSource;
  /** Count what would change; write nothing, not even a run row (and take no slot: a dry run blocks nobody). */
  dryRun?: boolean;
  /** A run that already holds the slot (the page claims it first so it can answer with its id at once). */
  runId?: string;
  /** Stops the run: it is closed as interrupted at once, and no new batch starts. */
  signal?: AbortSignal;
  /** How often the run's heartbeat moves (HEARTBEAT_MS; tests make it quicker). */
  heartbeatMs?: number;
  /** Called once the run holds the slot, with its id (the CLI prints it). */
  onRunStarted?: (runId: string) => void;
  /** People per call of the Postgres function. */
  batchSize?: number;
  /** Batches in flight at once. */
  concurrency?: number;
  /** Accounts per page of B's admin list, and pages in flight (see DEFAULT_ACCOUNT_PAGE). */
  accountPageSize?: number;
  accountConcurrency?: number;
  onProgress?: (progress: SyncProgress) => void;
  log?: EventLogger;
}

export const DEFAULT_BATCH_SIZE = 1000;
export const DEFAULT_CONCURRENCY = 3;
const RPC_RETRIES = 2;

interface BatchContext {
  projectA: ProjectAClient;
  source: SyncSource;
  actorId: string | null;
  actorLabel: string | null;
  runId: string | null;
  dryRun: boolean;
}

interface BatchResult {
  counts: BatchCounts;
  samples: SyncErrorSample[];
}

type IdRange = { after: string | null; through: string | null };

/** The write, or on a dry run the comparison (the same verdicts, nothing written): counts either way. */
async function callSyncFunction(
  context: BatchContext,
  rows: SyncRow[],
  range: IdRange | null,
  dryRun: boolean,
): Promise<{ counts: BatchCounts; error: null } | { counts: null; error: { message: string; code?: string; hint?: string | null } }> {
  const batch = rows as unknown as Json;
  const orphansOf = { range_after: range?.after ?? undefined, range_through: range?.through ?? undefined, count_orphans: range !== null };
  if (dryRun) {
    const { data, error } = await context.projectA.rpc('compare_clients_with_source', { batch, ...orphansOf }).single();
    return error ? { counts: null, error } : { counts: countsFromComparison(data), error: null };
  }
  const { data, error } = await context.projectA
    .rpc('sync_clients_from_source', {
      batch,
      source: context.source,
      actor: context.actorId ?? undefined,
      actor_label: context.actorLabel ?? undefined,
      run_id: context.runId ?? undefined,
      ...orphansOf,
    })
    .single();
  return error ? { counts: null, error } : { counts: countsOf(data), error: null };
}

/** A refusal PostgREST answered with (supabase-js returns it as a value), thrown so p-retry can see it. */
class RpcRefusal extends Error {
  constructor(readonly refusal: { message: string; code?: string; hint?: string | null }) {
    super(refusal.message);
  }
}

/**
 * One batch in one round trip. A transient failure is retried (the function is
 * idempotent); a batch the database refuses is split in halves until the
 * refused rows stand alone, so one bad row costs one error, not a thousand.
 */
async function applyRows(context: BatchContext, rows: SyncRow[], range: IdRange | null): Promise<BatchResult> {
  let lastError: { message: string; code?: string; hint?: string | null } | null = null;
  try {
    const counts = await pRetry(
      async () => {
        const { counts, error } = await callSyncFunction(context, rows, range, context.dryRun);
        if (error) throw new RpcRefusal(error);
        return counts;
      },
      // Back-off 250, 500 ms…; a refusal on the rows' merits would only be refused again.
      {
        retries: RPC_RETRIES,
        minTimeout: 250,
        factor: 2,
        randomize: false,
        shouldRetry: ({ error }) => error instanceof RpcRefusal && !isDataError(error.refusal) && !isRunNotRunning(error.refusal),
      },
    );
    return { counts, samples: [] };
  } catch (error) {
    if (!(error instanceof RpcRefusal)) throw error;
    if (isRunNotRunning(error.refusal)) throw new RunClosedError();
    lastError = error.refusal;
  }
  const reason = lastError.message;

  if (lastError && isDataError(lastError) && rows.length > 1) {
    const middle = Math.ceil(rows.length / 2);
    const halves = await Promise.all([applyRows(context, rows.slice(0, middle), null), applyRows(context, rows.slice(middle), null)]);
    const counts = emptyCounts();
    for (const half of halves) addCounts(counts, half.counts);
    if (range) {
      // The orphan count needs the whole slice of ids at once; a dry run writes nothing and cannot be refused.
      const whole = await callSyncFunction(context, rows, range, true);
      counts.orphans = whole.error ? null : whole.counts.orphans;
    }
    return { counts, samples: halves.flatMap((half) => half.samples) };
  }

  const counts = emptyCounts();
  counts.scanned = rows.length;
  counts.errors = rows.length;
  const samples = rows.length === 1 ? [{ clientId: rows[0]?.id, reason }] : [{ reason: `${rows.length} people not synced: ${reason}` }];
  return { counts, samples };
}

const CLOSED_MESSAGE = 'Interrupted: the run was closed while it still ran (its heartbeat had stopped), and a new run may take over.';

/** The run's row was closed as interrupted (a stall let a new run take over): this one must stop. */
class RunClosedError extends Error {
  constructor() {
    super(CLOSED_MESSAGE);
  }
}

/**
 * Moves the run's heartbeat on a timer of its own, so a long batch keeps it alive. A beat that
 * finds the run closed calls onClosed; a beat that fails (A slow for a moment) is only logged:
 * the next one may get through, and only three missed in a row make the run stale.
 */
function startHeartbeat(projectA: ProjectAClient, runId: string, everyMs: number, onClosed: () => void, log: EventLogger): () => void {
  let beating = false;
  const timer = setInterval(() => {
    if (beating) return;
    beating = true;
    beatSyncRun(projectA, runId)
      .then((alive) => {
        if (!alive) onClosed();
      })
      .catch((error: unknown) => log('sync.heartbeat_failed', { level: 'warn', runId, detail: describe(error) }))
      .finally(() => {
        beating = false;
      });
  }, everyMs);
  // The run's own requests keep a CLI alive; the timer alone must not.
  timer.unref();
  return () => clearInterval(timer);
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * "Sync all unsynced": copies everyone B has and A lacks, refreshes the stale, reports the rest.
 *
 * B's accounts are listed first (GoTrue's admin list, the only way to B's
 * e-mails) into a compact index sorted by id; then the index is cut into
 * batches of consecutive ids, each of which reads every profile in its slice
 * of ids (and looks up the accounts the listing skipped) and goes to A in one
 * call that also counts the orphans of its slice. `total` starts as the
 * number listed and grows by the people the profiles revealed.
 * (Overlapping the listing with the writes was measured: on a machine the
 * stack shares, it is no faster, and it needs more memory.)
 *
 * A run that writes holds the one bulk-sync slot from its claim to its end
 * (sync-runs.ts); when another run holds it, this throws
 * SyncAlreadyRunningError naming that run. A dry run takes no slot.
 */
export async function syncAllClients(clients: ServiceClients, options: SyncOptions): Promise<SyncReport> {
  const startedAt = performance.now();
  const log = options.log ?? logEvent;
  const dryRun = options.dryRun ?? false;
  const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  const concurrency = Math.max(1, options.concurrency ?? DEFAULT_CONCURRENCY);
  const counts: BatchCounts = { ...emptyCounts(), orphans: 0 };
  const samples: SyncErrorSample[] = [];
  let total = 0;
  let processed = 0;
  // People the admin list skipped, found through their profile (see source-reader.ts).
  let unlisted = 0;
  let failure: string | undefined;

  let runId = dryRun ? null : (options.runId ?? null);
  // Checked before a run row is written and before every account is listed.
  const grantMissing = await findMissingProfilesGrant(clients.projectB);
  if (!runId && !dryRun && !grantMissing) {
    const claim = await claimBulkRun(clients.projectA, { source: options.source, actorId: options.actorId, actorLabel: options.actorLabel });
    if (!claim.claimed) {
      log('sync.already_running', { level: 'warn', source: options.source, runningRunId: claim.running.id, runningSource: claim.running.source });
      throw new SyncAlreadyRunningError(claim.running);
    }
    runId = claim.runId;
  }
  if (runId) options.onRunStarted?.(runId);
  const context: BatchContext = {
    projectA: clients.projectA,
    source: options.source,
    actorId: options.actorId ?? null,
    actorLabel: options.actorLabel ?? null,
    runId,
    dryRun,
  };

  // Why the run stopped before its end on purpose: its caller aborted it, or its row was closed.
  let stopped: string | undefined;
  const stopHeartbeat = runId
    ? startHeartbeat(clients.projectA, runId, options.heartbeatMs ?? HEARTBEAT_MS, () => (stopped ??= CLOSED_MESSAGE), log)
    : () => {};
  // An aborted run is closed at once, not when it goes stale; the caller gets the report without
  // waiting for the requests in flight (a batch that lands after the close is refused and rolls back).
  const aborted = new Promise<void>((resolve) => {
    if (!options.signal || !runId) return;
    const abortedRunId = runId;
    options.signal.addEventListener(
      'abort',
      () => {
        const reason: unknown = options.signal?.reason;
        stopped ??= `Interrupted: ${reason instanceof Error ? reason.message : 'the run was stopped'}`;
        interruptSyncRun(clients.projectA, abortedRunId, stopped)
          .catch((error: unknown) => log('sync.run_record_failed', { level: 'error', runId: abortedRunId, detail: describe(error) }))
          .finally(resolve);
      },
      { once: true },
    );
  });

  const work = async () => {
    try {
      if (grantMissing) throw grantMissing;
      const index = await listSourceAccounts(clients.projectB, {
        perPage: options.accountPageSize ?? DEFAULT_ACCOUNT_PAGE,
        concurrency: options.accountConcurrency,
        onPage: (listed, reported) => options.onProgress?.({ phase: 'listing', done: listed, total: reported, counts }),
      });
      total = index.accounts.length;
      if (runId) await recordRunTotal(clients.projectA, runId, total);
      const batches = batchesOf(index, batchSize);
      options.onProgress?.({ phase: 'syncing', done: 0, total, counts });

      const runBatch = async (batch: SourceBatch) => {
        const { people, unlisted: found } = await readBatchPeople(clients.projectB, batch, index);
        unlisted += found;
        total += found;
        // The page shows the run's scanned against its total: raise the total before this batch counts them.
        if (found > 0 && runId) await recordRunTotal(clients.projectA, runId, total);
        const result = await applyRows(context, people.map(syncRowFromSource), { after: batch.after, through: batch.through });
        addCounts(counts, result.counts);
        for (const sample of result.samples) if (samples.length < MAX_ERROR_SAMPLES) samples.push(sample);
        processed += people.length;
        options.onProgress?.({ phase: 'syncing', done: processed, total, counts });
      };
      // After the first failure (or a stop) no new batch starts; those in flight finish (each is one transaction).
      await pMap(
        batches,
        async (batch) => {
          if (failure || stopped) return;
          try {
            await runBatch(batch);
          } catch (error) {
            if (error instanceof RunClosedError) stopped ??= error.message;
            else failure ??= describe(error);
          }
        },
        { concurrency },
      );
    } catch (error) {
      failure ??= describe(error);
    }
  };
  try {
    await Promise.race([work(), aborted]);
    // Work can end first once aborted (its batches stop or fail); the report waits for the close
    // to be recorded, or a caller that exits on it (the CLI) would leave the run "running".
    if (options.signal?.aborted) await aborted;
  } finally {
    stopHeartbeat();
  }

  const report: SyncReport = {
    runId,
    scope: 'all',
    source: options.source,
    dryRun,
    status: stopped ? 'interrupted' : statusOf(counts, failure !== undefined),
    total,
    ...counts,
    // Orphans are only known when every slice of ids was compared.
    orphans: failure || stopped ? null : counts.orphans,
    elapsedMs: elapsedMs(startedAt),
    message: stopped ?? failure,
    errorSamples: samples,
  };
  if (runId && !stopped) {
    try {
      if (!(await finishSyncRun(clients.projectA, runId, report))) {
        // Closed between its last batch and now: the row says interrupted, so does the report.
        report.status = 'interrupted';
        report.message = CLOSED_MESSAGE;
        report.orphans = null;
      }
    } catch (error) {
      log('sync.run_record_failed', { level: 'error', runId, detail: describe(error) });
    }
  }
  log('sync.run', {
    level: report.status === 'failed' || report.status === 'interrupted' ? 'error' : report.errors > 0 ? 'warn' : 'info',
    runId,
    scope: 'all',
    source: options.source,
    dryRun,
    status: report.status,
    total,
    unlisted,
    ...countsOf(report),
    durationMs: report.elapsedMs,
    detail: report.message,
  });
  return report;
}

const SYNCED = ['created', 'updated', 'unchanged'] as const;
type Synced = (typeof SYNCED)[number];
type NotSynced = 'not_found' | 'id_taken' | 'source_unavailable' | 'source_grant_missing' | 'failed';
export type SingleSyncOutcome = Synced | NotSynced;

export type SingleSyncResult =
  | { ok: true; outcome: Synced; orphan?: undefined; report: SyncReport }
  | {
      ok: false;
      outcome: NotSynced;
      /** not_found only: A still holds a synced copy of someone B no longer has. */
      orphan?: boolean;
      report: SyncReport;
    };

function isSynced(outcome: SingleSyncOutcome): outcome is Synced {
  return (SYNCED as readonly string[]).includes(outcome);
}

/** Sync one person by id, with the bulk sync's rules (the same Postgres function, a batch of one). */
export async function syncClientById(clients: ServiceClients, clientId: string, options: SyncOptions): Promise<SingleSyncResult> {
  const startedAt = performance.now();
  const log = options.log ?? logEvent;
  const dryRun = options.dryRun ?? false;
  const counts = emptyCounts();
  const finish = (outcome: SingleSyncOutcome, extra: { orphan?: boolean; message?: string; samples?: SyncErrorSample[] } = {}): SingleSyncResult => {
    const failed = outcome === 'source_unavailable' || outcome === 'source_grant_missing' || outcome === 'failed';
    const report: SyncReport = {
      runId: null,
      scope: 'client',
      source: options.source,
      dryRun,
      status: statusOf(counts, failed),
      total: outcome === 'not_found' || failed ? 0 : 1,
      ...counts,
      elapsedMs: elapsedMs(startedAt),
      message: extra.message,
      errorSamples: extra.samples ?? [],
    };
    log('sync.client', {
      level: failed ? 'error' : outcome === 'not_found' || outcome === 'id_taken' ? 'warn' : 'info',
      clientId,
      source: options.source,
      dryRun,
      outcome,
      orphan: extra.orphan,
      durationMs: report.elapsedMs,
      detail: extra.message,
    });
    return isSynced(outcome) ? { ok: true, outcome, report } : { ok: false, outcome, orphan: extra.orphan, report };
  };

  const lookup = await fetchSourcePerson(clients.projectB, clientId);
  if (lookup.outcome === 'source_unavailable' || lookup.outcome === 'source_grant_missing') {
    return finish(lookup.outcome, { message: lookup.detail });
  }
  if (lookup.outcome === 'not_found') {
    const inA = await clients.projectA.from('clients').select('origin').eq('id', clientId).maybeSingle();
    return finish('not_found', { orphan: inA.data?.origin === 'project_b' });
  }

  const context: BatchContext = {
    projectA: clients.projectA,
    source: options.source,
    actorId: options.actorId ?? null,
    actorLabel: options.actorLabel ?? null,
    runId: null,
    dryRun,
  };
  const result = await applyRows(context, [syncRowFromSource(lookup.person)], null);
  addCounts(counts, result.counts);
  if (result.samples.length > 0) return finish('failed', { message: result.samples[0]?.reason, samples: result.samples });
  if (counts.errors > 0) return finish('id_taken', { message: 'A practice client already holds this id.' });
  return finish(counts.created ? 'created' : counts.updated ? 'updated' : 'unchanged');
}
