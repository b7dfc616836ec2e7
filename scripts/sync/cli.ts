/**
 * The sync from the command line (`npm run sync -- …`), reading the same
 * settings as the app (lib/env.ts). See docs/sync.md.
 *
 *   --all             sync everyone from Project B
 *   --client <uuid>   sync one person
 *   --status          show how A compares with B (writes nothing)
 *   --dry-run         count what would change, write nothing
 *   --json            print the report as JSON on stdout
 *   --batch-size <n>  people per database call (default 1000)
 *   --concurrency <n> batches in flight (default 3)
 *
 * Exit codes: 0 done, 1 errors, a failed or interrupted run (or nobody by that id),
 * 2 bad arguments or settings, 3 another bulk sync is already running (the line names it),
 * 128 + n stopped by signal n (the run is closed as interrupted).
 */
import { existsSync, readFileSync } from 'node:fs';
import { hostname, userInfo } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs, parseEnv } from 'node:util';
import { EnvError, readServerEnv } from '@/lib/env';
import { silentLogger } from '@/lib/observability/log';
import { createServiceClients, serviceSettingsFromEnv } from '@/lib/supabase/clients';
import { SourceGrantMissingError } from '@/lib/sync/source-access';
import { isUuid } from '@/lib/ids';
import { createProgressReporter } from './progress';
import { DEFAULT_BATCH_SIZE, DEFAULT_CONCURRENCY, syncAllClients, syncClientById } from '@/lib/sync/sync-clients';
import { SYNC_COUNT_FIELDS, SYNC_COUNT_LABELS, type SyncReport } from '@/lib/sync/sync-report';
import { SyncAlreadyRunningError } from '@/lib/sync/sync-runs';
import { getSyncStatus } from '@/lib/sync/sync-status';

const ROOT = path.resolve(import.meta.dirname, '..', '..');

const USAGE = `Usage: npm run sync -- (--all | --client <uuid> | --status) [--dry-run] [--json] [--batch-size <n>] [--concurrency <n>]`;

class UsageError extends Error {}

/**
 * Settings as `next dev` would see them: the environment first, then
 * .env.local and .env, then the running local stack's (written by `npm run dev`).
 */
function loadSettingsFiles(): void {
  // Tests (and anyone who wants only the environment) turn the files off.
  if (process.env.CAREBRIDGE_NO_ENV_FILES === '1') return;
  const stackDir = process.env.STACK_DATA_DIR ?? path.join('.local', 'supabase');
  for (const file of ['.env.local', '.env', path.join(stackDir, 'app.env')]) {
    const full = path.resolve(ROOT, file);
    if (!existsSync(full)) continue;
    for (const [key, value] of Object.entries(parseEnv(readFileSync(full, 'utf8')))) {
      if (process.env[key] === undefined && value !== undefined) process.env[key] = value;
    }
  }
}

function positiveInt(raw: string | undefined, name: string, fallback: number): number {
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1 || value > 100_000) throw new UsageError(`--${name} must be a whole number from 1 to 100000`);
  return value;
}

function actorLabel(): string {
  let user = 'unknown';
  try {
    user = userInfo().username;
  } catch {
    // No passwd entry (some containers): the host name still says where it ran.
  }
  return `cli:${user}@${hostname()}`.slice(0, 200);
}

const number = new Intl.NumberFormat('en');

const EXIT_ALREADY_RUNNING = 3;
const STOP_SIGNALS = { SIGHUP: 1, SIGINT: 2, SIGTERM: 15 } as const;
type StopSignal = keyof typeof STOP_SIGNALS;

/**
 * `npm run sync` runs this process right under npm (the script execs node with tsx as a
 * loader, so no shell or tsx process sits between them). A parent killed with SIGKILL can
 * pass nothing on, and its child would carry on alone, so the child watches for it: once
 * the parent is gone the child has been handed to another process, and the run stops.
 */
function watchParent(onGone: () => void, everyMs = 200): () => void {
  const parent = process.ppid;
  // Started by init itself (a container's entry point): there is no parent to lose.
  if (parent <= 1) return () => {};
  const timer = setInterval(() => {
    if (process.ppid === parent) return;
    clearInterval(timer);
    onGone();
  }, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}

/**
 * A bulk run the CLI can stop: Ctrl-C, SIGTERM, SIGHUP or the loss of its parent close the run
 * as interrupted at once (not 15 s later, when its heartbeat goes stale). A second signal
 * exits without waiting.
 */
function stoppableRun(): { signal: AbortSignal; exitCode: () => number | null; release: () => void } {
  const controller = new AbortController();
  let stoppedBy: StopSignal | null = null;
  const onSignal = (name: StopSignal) => {
    if (controller.signal.aborted) process.exit(128 + STOP_SIGNALS[name]);
    stoppedBy = name;
    controller.abort(new Error(`stopped by ${name}`));
  };
  const handlers = (Object.keys(STOP_SIGNALS) as StopSignal[]).map((name) => {
    const handler = () => onSignal(name);
    process.on(name, handler);
    return [name, handler] as const;
  });
  const stopWatching = watchParent(() => controller.abort(new Error('the process that started the CLI (npm run sync) is gone')));
  return {
    signal: controller.signal,
    exitCode: () => (stoppedBy ? 128 + STOP_SIGNALS[stoppedBy] : null),
    release: () => {
      stopWatching();
      for (const [name, handler] of handlers) process.off(name, handler);
    },
  };
}

function printReport(report: SyncReport, heading: string): void {
  const row = (label: string, value: string) => `  ${label.toLowerCase().padEnd(10)} ${value}`;
  const lines = [heading, ...SYNC_COUNT_FIELDS.map((field) => row(SYNC_COUNT_LABELS[field], number.format(report[field])))];
  if (report.orphans !== null) lines.push(row('orphans', number.format(report.orphans)));
  lines.push(row('elapsed', `${(report.elapsedMs / 1000).toFixed(1)} s`));
  if (report.runId) lines.push(row('run', report.runId));
  if (report.message) lines.push(`  ${report.message}`);
  for (const sample of report.errorSamples) lines.push(`  error: ${sample.clientId ? `${sample.clientId}: ` : ''}${sample.reason}`);
  console.log(lines.join('\n'));
}

async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      all: { type: 'boolean', default: false },
      client: { type: 'string' },
      status: { type: 'boolean', default: false },
      'dry-run': { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
      'batch-size': { type: 'string' },
      concurrency: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
    allowPositionals: false,
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const modes = [values.all, values.client !== undefined, values.status].filter(Boolean).length;
  if (modes !== 1) throw new UsageError('Choose exactly one of --all, --client <uuid> or --status.');
  if (values.client !== undefined && !isUuid(values.client)) throw new UsageError(`--client needs a UUID, got "${values.client}"`);
  const batchSize = positiveInt(values['batch-size'], 'batch-size', DEFAULT_BATCH_SIZE);
  const concurrency = positiveInt(values.concurrency, 'concurrency', DEFAULT_CONCURRENCY);

  loadSettingsFiles();
  // Waits longer on each Project B request than a booking does: it reads whole pages of accounts, and no one is waiting on a page.
  const clients = createServiceClients(serviceSettingsFromEnv(readServerEnv(), 30_000));
  const dryRun = values['dry-run'];
  const options = { source: 'cli' as const, actorLabel: actorLabel(), dryRun, log: silentLogger };

  if (values.status) {
    const status = await getSyncStatus(clients, { batchSize, concurrency });
    if (values.json) console.log(JSON.stringify(status, null, 2));
    else {
      console.log(
        [
          'Sync status',
          `  Project B people   ${number.format(status.sourcePeople)}`,
          `  synced into A      ${number.format(status.synced)}`,
          `  not yet synced     ${number.format(status.notSynced)}`,
          `  stale              ${number.format(status.stale)}`,
          `  orphans            ${number.format(status.orphans)}`,
          `  e-mail conflicts   ${number.format(status.emailConflicts)} open, ${number.format(status.unrecordedConflicts)} found on the next sync`,
          `  ids taken          ${number.format(status.idTaken)}`,
        ].join('\n'),
      );
    }
    return 0;
  }

  if (values.client !== undefined) {
    const result = await syncClientById(clients, values.client.toLowerCase(), options);
    if (values.json)
      console.log(
        JSON.stringify({ clientId: values.client.toLowerCase(), outcome: result.outcome, orphan: result.orphan, report: result.report }, null, 2),
      );
    else
      printReport(
        result.report,
        `${dryRun ? 'Dry run: ' : ''}${values.client}: ${result.outcome}${result.orphan ? ' (A still has a copy: an orphan)' : ''}`,
      );
    return result.ok ? 0 : 1;
  }

  const progress = createProgressReporter(process.stderr);
  const stoppable = stoppableRun();
  let report: SyncReport;
  try {
    report = await syncAllClients(clients, {
      ...options,
      batchSize,
      concurrency,
      signal: stoppable.signal,
      onRunStarted: (runId) => process.stderr.write(`sync: run ${runId} started\n`),
      onProgress: (p) => progress.update(p),
    });
  } catch (error) {
    if (!(error instanceof SyncAlreadyRunningError)) throw error;
    if (values.json) console.log(JSON.stringify({ error: 'sync_already_running', message: error.message, run: error.running }, null, 2));
    console.error(`sync: ${error.message}`);
    return EXIT_ALREADY_RUNNING;
  } finally {
    stoppable.release();
  }
  progress.done();
  if (values.json) console.log(JSON.stringify(report, null, 2));
  else printReport(report, `${dryRun ? 'Dry run (nothing written)' : 'Sync'}: ${report.status.replaceAll('_', ' ')}`);
  if (stoppable.signal.aborted) {
    // Requests still in flight would keep the process alive; the run is closed, so leave now.
    process.exit(stoppable.exitCode() ?? 1);
  }
  return report.status === 'succeeded' ? 0 : 1;
}

// Only when run as a program: importing this file (a benchmark scanning lib/sync, say) must not start a sync.
const invokedDirectly = process.argv[1] !== undefined && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href;
if (invokedDirectly) {
  // With the parent gone, the pipes it read our output from may be gone too (EPIPE). An unheard
  // write must not crash the process before it has closed its run; the run's row says what happened.
  for (const stream of [process.stdout, process.stderr]) stream.on('error', () => {});
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      if (
        error instanceof UsageError ||
        error instanceof EnvError ||
        (error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS'))
      ) {
        console.error(error.message);
        console.error(USAGE);
        process.exitCode = 2;
        return;
      }
      // Project B's owner has to act; a stack trace would hide what to ask them for.
      if (error instanceof SourceGrantMissingError) console.error(error.message);
      else console.error(error instanceof Error ? (error.stack ?? error.message) : error);
      process.exitCode = 1;
    },
  );
}
