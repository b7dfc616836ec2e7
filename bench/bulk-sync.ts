/**
 * 4. Bulk sync: every Project B person into A, at 10,000 and 100,000 people.
 * For each size: a first run into an A without any of them, then a re-run with
 * nothing changed, both in one child process whose peak RSS is reported. The
 * naive per-person loop (bench/naive.ts) runs on 1,000 people for comparison.
 *
 * The bulk function itself lives in lib/sync/ (another engineer's work). It is
 * found by its shape: an exported function of lib/sync/*.ts whose name says
 * bulk/all, called with `{ projectA, projectB }` (plus the options below as a
 * second argument) and returning a report {scanned, created, updated,
 * unchanged, conflicts, errors, elapsed…}.
 * BENCH_BULK_SYNC=lib/sync/file.ts#exportName picks one explicitly;
 * BENCH_BULK_SYNC_OPTIONS='{"batchSize":500}' adds to the options.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { EventLogger } from '@/lib/observability/log';
import type { StackConnection } from '@/supabase/local/stack';
import { measuredLogger, serviceClients } from './clients';
import { naiveSyncLoop, type NaiveSyncReport } from './naive';
import { ROOT, runWorker } from './process';
import { check, int, type SectionResult, type TableRow } from './report';
import { countRows, createPartnerPeople, deletePartnerPeople, deleteSyncedClients, withDb } from './seed';
import { currentRssMb, peakRssMb, ratio, round } from './stats';

export interface BulkSyncOptions {
  sizes: number[];
  naiveCount: number;
  /** Seed B as a bulk import (one created_at per seeding call) instead of one sign-up at a time. */
  imported: boolean;
  /** Per child process (one size: first run + re-run). */
  timeoutSeconds: number;
}

export const BULK_TARGETS = { firstRunPerSecond: 5_000, rerunPerSecond: 20_000, overNaive: 30, peakRssMb: 300, peakRssAt: 100_000 };

const PREFERRED_NAMES = ['syncAll', 'syncAllPeople', 'syncAllClients', 'syncAllFromProjectB', 'bulkSync', 'runBulkSync', 'syncEveryone'];
// Route-handler adapters (…Request, …Handler) wrap the function rather than being it.
const NAME_PATTERN = /^(?!.*(Request|Handler)$)(bulk|sync.*all|runSync)/i;

export type BulkSyncLocation = { file: string; name: string } | { missing: string };

type BulkSyncFunction = (clients: ReturnType<typeof serviceClients>, options: Record<string, unknown>) => Promise<Record<string, unknown>>;

/**
 * As a CLI run would call it: recorded in sync_runs like every bulk run, and
 * logging through a logger that builds each line but does not print it.
 */
function bulkSyncOptions(): Record<string, unknown> {
  const extra = process.env.BENCH_BULK_SYNC_OPTIONS ? (JSON.parse(process.env.BENCH_BULK_SYNC_OPTIONS) as Record<string, unknown>) : {};
  return { source: 'cli', actorLabel: 'npm run bench', log: measuredLogger, ...extra };
}

/**
 * What the roster costs: how long the listing of B's accounts took (until the
 * first `syncing` progress) and how many people it skipped that the profiles
 * brought in (`unlisted` in the sync.run log event). Both are read through the
 * options syncAllClients takes; a function without them just reports neither.
 */
function rosterProbe() {
  let listingMs: number | undefined;
  let unlisted: number | undefined;
  return {
    options: (startedAt: number) => ({
      onProgress: (progress: { phase?: string }) => {
        if (progress.phase === 'syncing' && listingMs === undefined) listingMs = round(performance.now() - startedAt, 1);
      },
      log: ((event, context) => {
        if (event === 'sync.run' && typeof context.unlisted === 'number') unlisted = context.unlisted;
        measuredLogger(event, context);
      }) satisfies EventLogger,
    }),
    figures: () => ({ listingMs, unlisted }),
  };
}

/**
 * Reads lib/sync/*.ts as text (importing every module there could run a CLI's
 * top level): exported functions named like a bulk sync, best name first.
 */
export async function findBulkSync(): Promise<BulkSyncLocation> {
  const override = process.env.BENCH_BULK_SYNC;
  if (override) {
    const [file = '', name = ''] = override.split('#');
    return { file, name };
  }
  const dir = path.join(ROOT, 'lib', 'sync');
  const files = (await readdir(dir)).filter((f) => /\.tsx?$/.test(f) && !/\.(test|spec|d)\.tsx?$/.test(f)).sort();
  const found: { file: string; name: string }[] = [];
  for (const file of files) {
    const source = await readFile(path.join(dir, file), 'utf8');
    for (const match of source.matchAll(/^export\s+(?:async\s+function\s*\*?|function\s*\*?|const)\s+(\w+)/gm)) {
      const name = match[1] ?? '';
      if (NAME_PATTERN.test(name)) found.push({ file: `lib/sync/${file}`, name });
    }
  }
  found.sort((x, y) => rank(x.name) - rank(y.name));
  if (found[0]) return found[0];
  return { missing: `no bulk sync export in lib/sync yet (looked in ${files.join(', ')} for a function named like syncAll/bulkSync)` };
}

function rank(name: string): number {
  const index = PREFERRED_NAMES.indexOf(name);
  return index === -1 ? PREFERRED_NAMES.length : index;
}

/** Counts from a report whose fields may be numbers or lists (of conflicts, of errors). */
function count(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  if (Array.isArray(value)) return value.length;
  return undefined;
}

interface RunResult {
  ms: number;
  report: Record<string, number | string | undefined>;
  /** First few error or conflict entries, when the report lists them. */
  samples: unknown[];
}

interface BulkWorkerResult {
  runs: RunResult[];
  rssAfterSetupMb: number;
  peakRssMb: number;
}

/**
 * Runs inside the child process: the bulk function three times. A first run
 * into an A without these people, an immediate re-run with nothing changed
 * (what the target is about), and a re-run after VACUUM ANALYZE, i.e. once
 * autovacuum has caught up with the first run's inserts, as a nightly re-run would find A.
 */
export async function bulkSyncWorker(input: { connection: StackConnection; file: string; name: string }): Promise<BulkWorkerResult> {
  const exports = (await import(pathToFileURL(path.join(ROOT, input.file)).href)) as Record<string, unknown>;
  const fn = exports[input.name] as BulkSyncFunction | undefined;
  if (typeof fn !== 'function') throw new Error(`${input.file} exports no function ${input.name}`);
  const clients = serviceClients(input.connection);
  const rssAfterSetupMb = currentRssMb();
  const runs: RunResult[] = [];
  for (let i = 0; i < 3; i += 1) {
    if (i === 2) await withDb(input.connection.a.dbUrl, (db) => db.query('vacuum analyze'));
    const roster = rosterProbe();
    const startedAt = performance.now();
    const report = await fn(clients, { ...bulkSyncOptions(), ...roster.options(startedAt) });
    const ms = performance.now() - startedAt;
    const flat: RunResult['report'] = { ...roster.figures() };
    const samples: unknown[] = [];
    for (const [key, value] of Object.entries(report ?? {})) {
      if (typeof value === 'number' || typeof value === 'string') flat[key] = value;
      else if (Array.isArray(value)) {
        flat[key] = value.length;
        samples.push(...(value as unknown[]).slice(0, 3));
      }
    }
    runs.push({ ms: round(ms, 1), report: flat, samples: samples.slice(0, 5) });
  }
  return { runs, rssAfterSetupMb, peakRssMb: peakRssMb() };
}

export async function naiveSyncWorker(input: {
  connection: StackConnection;
  ids: string[];
}): Promise<{ ms: number; report: NaiveSyncReport; peakRssMb: number }> {
  const { projectA, projectB } = serviceClients(input.connection);
  const startedAt = performance.now();
  const report = await naiveSyncLoop(projectA, projectB, input.ids);
  return { ms: round(performance.now() - startedAt, 1), report, peakRssMb: peakRssMb() };
}

interface SizeResult {
  size: number;
  peoplePerSecond: { first: number; rerun: number; rerunAnalyzed: number };
  runs: RunResult[];
  aClientsAfterFirstRun: number;
  bPeople: number;
  peakRssMb: number;
  rssAfterSetupMb: number;
  error?: string;
}

async function bPeopleCount(connection: StackConnection): Promise<number> {
  return countRows(connection.b.dbUrl, 'select count(*) as n from public.profiles');
}

export async function runBulkSync(connection: StackConnection, options: BulkSyncOptions): Promise<SectionResult> {
  const rows: TableRow[] = [];
  const notes: string[] = [];
  const location = await findBulkSync();

  // A clean slate: no bench people in B, nobody from B in A.
  await deletePartnerPeople(connection.b.dbUrl);
  await deleteSyncedClients(connection.a.dbUrl);

  // The naive loop on naiveCount people.
  const naiveIds = await createPartnerPeople(connection.b.dbUrl, options.naiveCount, 'bulk', { imported: options.imported });
  let benchPeople = naiveIds.length;
  const naive = await runWorker<{ ms: number; report: NaiveSyncReport; peakRssMb: number }>(
    'naive-sync',
    { connection, ids: naiveIds },
    options.timeoutSeconds * 1000,
  );
  const naiveRate = round((naive.report.scanned / naive.ms) * 1000, 1);
  rows.push({
    section: 'bulk sync',
    figure: `naive per-person loop, ${int(options.naiveCount)} people`,
    value: `${int(naiveRate)} people/s (${(naive.ms / 1000).toFixed(1)} s, created ${int(naive.report.created)}, errors ${int(naive.report.errors)})`,
    status: naive.report.errors ? 'missed' : 'info',
  });

  const sizes: SizeResult[] = [];
  if ('missing' in location) {
    for (const size of options.sizes) {
      rows.push({
        section: 'bulk sync',
        figure: `${int(size)} people: first run · re-run · peak RSS`,
        value: 'not available',
        target: targetText(size),
        status: 'n/a',
      });
    }
    notes.push(
      `bulk sync: ${location.missing}. The section is wired: it runs as soon as lib/sync exports the function (or set BENCH_BULK_SYNC=lib/sync/<file>.ts#<name>).`,
    );
    return {
      section: 'bulk sync',
      rows,
      data: { available: false, reason: location.missing, naive: { ...naive, peoplePerSecond: naiveRate } },
      notes,
    };
  }

  const shownOptions = Object.entries(bulkSyncOptions())
    .filter(([key]) => key !== 'log')
    .map(([key, value]) => `${key}: ${JSON.stringify(value)}`)
    .join(', ');
  notes.push(
    `bulk sync: measured ${location.file}#${location.name}({ projectA, projectB }, { ${shownOptions} }); ` +
      'people/s = people scanned / wall time of the call; each size runs in its own child process: first run, immediate re-run (the target), ' +
      're-run after VACUUM ANALYZE (A as autovacuum would leave it; for reference). Peak RSS covers all three. ' +
      (options.imported
        ? 'B seeded as bulk imports: each seeding call (1,000, then up to 10,000, then up to 100,000) shares one created_at.'
        : 'B seeded as sign-ups, each with its own created_at.') +
      ' unlisted = people the admin list skipped that the profiles brought in; listing = time until the first batch.',
  );
  // The same people the naive loop did, for a like-for-like comparison.
  const compareSizes = [options.naiveCount, ...options.sizes.filter((s) => s !== options.naiveCount)];
  for (const size of compareSizes) {
    await deleteSyncedClients(connection.a.dbUrl);
    if (size > benchPeople) {
      await createPartnerPeople(connection.b.dbUrl, size - benchPeople, 'bulk', { imported: options.imported });
      benchPeople = size;
    }
    const bPeople = await bPeopleCount(connection);
    try {
      const result = await runWorker<BulkWorkerResult>(
        'bulk-sync',
        { connection, file: location.file, name: location.name },
        options.timeoutSeconds * 1000,
      );
      const rate = (run: RunResult | undefined) => (run ? round(((count(run.report.scanned) ?? bPeople) / run.ms) * 1000, 1) : Number.NaN);
      sizes.push({
        size,
        peoplePerSecond: { first: rate(result.runs[0]), rerun: rate(result.runs[1]), rerunAnalyzed: rate(result.runs[2]) },
        runs: result.runs,
        aClientsAfterFirstRun: await countRows(connection.a.dbUrl, `select count(*) as n from public.clients where origin = 'project_b'`),
        bPeople,
        peakRssMb: result.peakRssMb,
        rssAfterSetupMb: result.rssAfterSetupMb,
      });
    } catch (error) {
      sizes.push({
        size,
        peoplePerSecond: { first: Number.NaN, rerun: Number.NaN, rerunAnalyzed: Number.NaN },
        runs: [],
        aClientsAfterFirstRun: Number.NaN,
        bPeople,
        peakRssMb: Number.NaN,
        rssAfterSetupMb: Number.NaN,
        error: error instanceof Error ? error.message.split('\n')[0] : String(error),
      });
    }
  }
  await deleteSyncedClients(connection.a.dbUrl);

  for (const result of sizes) {
    const { size } = result;
    const label = `${int(size)} people (B holds ${int(result.bPeople)})`;
    if (result.error) {
      rows.push({ section: 'bulk sync', figure: label, value: `FAILED: ${result.error}`, target: targetText(size), status: 'missed' });
      continue;
    }
    const [first, rerun, rerunAnalyzed] = result.runs;
    const errors = result.runs.reduce((sum, run) => sum + (count(run.report.errors) ?? 0), 0);
    const isComparison = size === options.naiveCount && !options.sizes.includes(size);
    const overNaive = ratio(result.peoplePerSecond.first, naiveRate);
    rows.push({
      section: 'bulk sync',
      figure: `${label}: first run`,
      value: `${int(result.peoplePerSecond.first)} people/s (${((first?.ms ?? 0) / 1000).toFixed(1)} s; ${reportText(first)}) · ${overNaive.toFixed(1)}× naive`,
      // The same people as the naive loop: like for like, but a run this short is mostly fixed costs, so no target here.
      target: isComparison ? undefined : `≥ ${int(BULK_TARGETS.firstRunPerSecond)}/s, ≥ ${BULK_TARGETS.overNaive}× naive`,
      status: isComparison
        ? errors
          ? 'missed'
          : 'info'
        : check(result.peoplePerSecond.first >= BULK_TARGETS.firstRunPerSecond && overNaive >= BULK_TARGETS.overNaive && !errors),
    });
    rows.push({
      section: 'bulk sync',
      figure: `${label}: re-run, no changes`,
      value: `${int(result.peoplePerSecond.rerun)} people/s (${((rerun?.ms ?? 0) / 1000).toFixed(1)} s; ${reportText(rerun)})`,
      target: isComparison ? undefined : `≥ ${int(BULK_TARGETS.rerunPerSecond)}/s`,
      status: isComparison ? 'info' : check(result.peoplePerSecond.rerun >= BULK_TARGETS.rerunPerSecond && !errors),
    });
    rows.push({
      section: 'bulk sync',
      figure: `${label}: re-run after VACUUM ANALYZE`,
      value: `${int(result.peoplePerSecond.rerunAnalyzed)} people/s (${((rerunAnalyzed?.ms ?? 0) / 1000).toFixed(1)} s; ${reportText(rerunAnalyzed)})`,
      status: 'info',
    });
    rows.push({
      section: 'bulk sync',
      figure: `${label}: peak RSS of the sync process`,
      value: `${result.peakRssMb} MB (${result.rssAfterSetupMb} MB before the first run); A has ${int(result.aClientsAfterFirstRun)} synced clients after`,
      target: size >= BULK_TARGETS.peakRssAt ? `< ${BULK_TARGETS.peakRssMb} MB` : undefined,
      status: size >= BULK_TARGETS.peakRssAt ? check(result.peakRssMb < BULK_TARGETS.peakRssMb) : 'info',
    });
  }
  return {
    section: 'bulk sync',
    rows,
    data: { available: true, function: location, naive: { ...naive, peoplePerSecond: naiveRate }, sizes },
    notes,
  };
}

function targetText(size: number): string {
  const rss = size >= BULK_TARGETS.peakRssAt ? `, RSS < ${BULK_TARGETS.peakRssMb} MB` : '';
  return `≥ ${int(BULK_TARGETS.firstRunPerSecond)}/s first, ≥ ${int(BULK_TARGETS.rerunPerSecond)}/s re-run${rss}`;
}

function reportText(run: RunResult | undefined): string {
  if (!run) return 'no report';
  const keys = ['scanned', 'created', 'updated', 'unchanged', 'conflicts', 'errors', 'unlisted'];
  const listing = typeof run.report.listingMs === 'number' ? [`listing ${(run.report.listingMs / 1000).toFixed(1)} s`] : [];
  return [
    ...keys
      .filter((key) => run.report[key] !== undefined)
      .map((key) => `${key} ${typeof run.report[key] === 'number' ? int(run.report[key]) : String(run.report[key])}`),
    ...listing,
  ].join(', ');
}
