import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { beforeAll, describe, expect, it } from 'vitest';
import { ageHeartbeat, holdBulkSlot, retryWhileBusy } from '@/lib/testing/bulk-runs';
import { countSyncedInA, generatePartnerPeople, syncEveryoneElse } from '@/lib/testing/partner-people';
import { createPartnerPerson, serviceClients, sql, stack } from '@/lib/testing/stack-clients';
import { appEnvironment } from '@/lib/testing/stack';

/** `npm run sync` as an operator runs it: a child process with the app's settings in its environment. */
const ROOT = path.resolve(import.meta.dirname, '..', '..');
// tsx as a loader in one node process (not the tsx CLI, which forks): a kill then stops the sync itself.
const NODE_ARGS = ['--import', 'tsx', path.join(ROOT, 'scripts', 'sync', 'cli.ts')];

let env: Record<string, string | undefined>;

beforeAll(() => {
  env = { PATH: process.env.PATH, HOME: process.env.HOME, CAREBRIDGE_NO_ENV_FILES: '1', ...appEnvironment(stack(), `cli-token-${randomUUID()}`) };
});

interface CliRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

function startCli(args: string[]) {
  const child = spawn(process.execPath, [...NODE_ARGS, ...args], { cwd: ROOT, env: env as NodeJS.ProcessEnv, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<CliRun>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal, stdout, stderr })));
  return { child, exited };
}

function runCli(args: string[]): Promise<CliRun> {
  return startCli(args).exited;
}

const EXIT_ALREADY_RUNNING = 3;

/** Another file's bulk run may hold the one slot on the shared stack: wait for it, as an operator would. */
function runCliWhenFree(args: string[]): Promise<CliRun> {
  return retryWhileBusy(
    () => runCli(args),
    (run) => run.code === EXIT_ALREADY_RUNNING,
  );
}

/** The run id a bulk CLI run prints once it holds the slot. */
function startedRunId(stderr: string): string | undefined {
  return /^sync: run ([0-9a-f-]{36}) started$/m.exec(stderr)?.[1];
}

describe('npm run sync', () => {
  it('--client syncs one person, prints the report as JSON and writes a cli audit row', async () => {
    const person = await createPartnerPerson(serviceClients().projectB, { name: 'Cli Person' });

    const run = await runCli(['--client', person.id, '--json']);

    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ clientId: person.id, outcome: 'created', report: { scanned: 1, created: 1 } });
    const audit = await sql<{ action: string; source: string; actor_label: string }>(
      'a',
      'select action, source, actor_label from public.client_audit_events where client_id = $1',
      [person.id],
    );
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ action: 'copy', source: 'cli' });
    expect(audit[0]?.actor_label).toMatch(/^cli:/);
  });

  it('--all prints plain progress lines when stderr is not a terminal, and a readable summary', async () => {
    await syncEveryoneElse();
    const people = await generatePartnerPeople(3, 'cli-all');

    const run = await runCliWhenFree(['--all']);

    expect(run.code).toBe(0);
    expect(startedRunId(run.stderr)).toBeDefined();
    expect(run.stderr).toMatch(/^sync: listing Project B accounts/m);
    expect(run.stderr).toMatch(/^sync: [\d,]+ \/ [\d,]+ people/m);
    expect(run.stderr).not.toContain('\r');
    expect(run.stdout).toMatch(/^Sync: succeeded$/m);
    expect(run.stdout).toMatch(/^ {2}created {4}3$/m);
    expect(await countSyncedInA(people.map((p) => p.id))).toBe(3);
  });

  it('--dry-run counts and writes nothing', async () => {
    await syncEveryoneElse();
    const people = await generatePartnerPeople(4, 'cli-dry');
    const run = await runCli(['--all', '--dry-run', '--json']);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ dryRun: true, created: 4, runId: null });
    expect(await countSyncedInA(people.map((p) => p.id))).toBe(0);
  });

  it('--status prints the reconciliation and writes nothing', async () => {
    const people = await generatePartnerPeople(2, 'cli-status');
    const run = await runCli(['--status', '--json']);
    expect(run.code).toBe(0);
    const status = JSON.parse(run.stdout);
    expect(status.notSynced).toBeGreaterThanOrEqual(2);
    expect(status.sourcePeople).toBe(status.synced + status.notSynced + status.idTaken);
    expect(await countSyncedInA(people.map((p) => p.id))).toBe(0);
    const text = await runCli(['--status']);
    expect(text.stdout).toMatch(/^ {2}not yet synced +[\d,]+$/m);
  });

  it('exits 2 on bad arguments and 1 for an id nobody has', async () => {
    expect((await runCli([])).code).toBe(2);
    expect((await runCli(['--all', '--client', randomUUID()])).code).toBe(2);
    const malformed = await runCli(['--client', 'not-a-uuid']);
    expect(malformed.code).toBe(2);
    expect(malformed.stderr).toContain('--client needs a UUID');
    const unknown = await runCli(['--client', randomUUID(), '--json']);
    expect(unknown.code).toBe(1);
    expect(JSON.parse(unknown.stdout)).toMatchObject({ outcome: 'not_found' });
  });

  it('exits 2 with the missing setting named when the environment is incomplete', async () => {
    const saved = env;
    env = { PATH: process.env.PATH, HOME: process.env.HOME, CAREBRIDGE_NO_ENV_FILES: '1' };
    try {
      const run = await runCli(['--all']);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain('NEXT_PUBLIC_SUPABASE_URL is not set');
    } finally {
      env = saved;
    }
  });
});

describe('a bulk sync killed half-way', () => {
  it('converges when re-run: every person copied exactly once, with exact counts', async () => {
    const total = 2000;
    await syncEveryoneElse();
    const people = await generatePartnerPeople(total, 'killed');
    const ids = people.map((p) => p.id);
    const watcher = new pg.Client({ connectionString: stack().a.dbUrl });
    await watcher.connect();
    const copied = async () =>
      Number((await watcher.query<{ n: string }>(`select count(*) as n from public.clients where id = any($1::uuid[])`, [ids])).rows[0]?.n);

    try {
      // Small batches, one at a time: each commits on its own, so there is a "half-way" to kill it at.
      const { child, exited } = startCli(['--all', '--batch-size', '20', '--concurrency', '1', '--json']);
      let seen = 0;
      while (seen < total / 5) {
        if (child.exitCode !== null) break;
        seen = await copied();
      }
      child.kill('SIGKILL');
      const killed = await exited;
      expect(killed.signal).toBe('SIGKILL');
      const killedRunId = startedRunId(killed.stderr);
      expect(killedRunId).toBeDefined();

      // The batch that was in flight may still commit inside Postgres: wait until nothing runs.
      for (let i = 0; i < 200; i += 1) {
        const active = await watcher.query(
          `select 1 from pg_stat_activity where datname = 'project_a' and state = 'active' and query like '%sync_clients_from_source%' and pid <> pg_backend_pid()`,
        );
        if (active.rowCount === 0) break;
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
      const partial = await copied();
      console.info(`killed at ${partial} of ${total}`);
      expect(partial).toBeGreaterThan(0);
      expect(partial).toBeLessThan(total);

      // Killed outright, it could not close its run: the row stays running until its heartbeat is stale.
      const [left] = await sql<{ status: string }>('a', 'select status::text from public.sync_runs where id = $1', [killedRunId]);
      expect(left?.status).toBe('running');
      await ageHeartbeat(killedRunId!);

      const rerun = await runCliWhenFree(['--all', '--json']);

      expect(rerun.code).toBe(0);
      // The re-run took over the dead run's slot and closed it as interrupted.
      const [closed] = await sql<{ status: string }>('a', 'select status::text from public.sync_runs where id = $1', [killedRunId]);
      expect(closed?.status).toBe('interrupted');
      const report = JSON.parse(rerun.stdout);
      expect(report).toMatchObject({ status: 'succeeded', created: total - partial, updated: 0, errors: 0 });
      expect(report.unchanged).toBe(report.scanned - (total - partial));
      expect(await copied()).toBe(total);
      const audit = await watcher.query<{ rows: string; people: string }>(
        `select count(*) as rows, count(distinct client_id) as people from public.client_audit_events where action = 'copy' and client_id = any($1::uuid[])`,
        [ids],
      );
      expect(audit.rows[0]).toEqual({ rows: String(total), people: String(total) });
      const duplicates = await watcher.query(`select id from public.clients where id = any($1::uuid[]) group by id having count(*) > 1`, [ids]);
      expect(duplicates.rowCount).toBe(0);
    } finally {
      await watcher.end();
    }
  }, 120_000);
});

describe('one bulk sync at a time', () => {
  it('a second --all is told which run is going, on one clear line, and exits 3 without writing', async () => {
    await syncEveryoneElse();
    const people = await generatePartnerPeople(2, 'cli-busy');
    const label = `cli-busy-${randomUUID()}`;
    const held = await holdBulkSlot(label);
    try {
      const text = await runCli(['--all']);
      expect(text.code).toBe(EXIT_ALREADY_RUNNING);
      const line = text.stderr.split('\n').find((l) => l.includes('already running'));
      expect(line).toMatch(new RegExp(`^sync: A bulk sync is already running: run ${held.runId}, started \\S+ via Bulk sync \\(${label}\\), `));

      const json = await runCli(['--all', '--json']);
      expect(json.code).toBe(EXIT_ALREADY_RUNNING);
      expect(JSON.parse(json.stdout)).toMatchObject({ error: 'sync_already_running', run: { id: held.runId, actorLabel: label, status: 'running' } });
      expect(await countSyncedInA(people.map((p) => p.id))).toBe(0);
    } finally {
      await held.release();
    }
  });
});

/** Every process below pid, from /proc (Linux). */
function descendantsOf(pid: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue;
    }
    // "pid (comm) state ppid …": comm may hold spaces, so read after its closing parenthesis.
    const [, ppid] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const list = children.get(Number(ppid)) ?? [];
    list.push(Number(entry));
    children.set(Number(ppid), list);
  }
  const found: number[] = [];
  const walk = (parent: number) => {
    for (const child of children.get(parent) ?? []) {
      found.push(child);
      walk(child);
    }
  };
  walk(pid);
  return found;
}

/** Alive and not a zombie waiting to be reaped. */
function isRunning(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

describe('npm run sync killed with SIGKILL', () => {
  it('leaves no process behind, and its run is closed as interrupted instead of finishing', async () => {
    // Few people, many small batches: a half-way to kill it at, without slowing other files' runs over a larger B.
    const total = 400;
    await syncEveryoneElse();
    const people = await generatePartnerPeople(total, 'npm-killed');
    const ids = people.map((p) => p.id);

    // `npm run sync` exactly as an operator types it: npm, then what its script starts.
    const startNpm = () => {
      const npm = spawn('npm', ['run', '--silent', 'sync', '--', '--all', '--batch-size', '5', '--concurrency', '1'], {
        cwd: ROOT,
        env: env as NodeJS.ProcessEnv,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stderr = '';
      npm.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      npm.stdout.resume();
      const exited = new Promise<number | null>((resolve) => npm.once('exit', (code) => resolve(code)));
      return { npm, stderr: () => stderr, exited };
    };
    let started = startNpm();
    let runId: string | undefined;
    for (const deadline = Date.now() + 60_000; Date.now() < deadline;) {
      runId = startedRunId(started.stderr());
      if (runId && (await countSyncedInA(ids)) > 0) break;
      if (started.npm.exitCode !== null) {
        // Another file's run held the slot: try again once it is free.
        expect(started.stderr()).toContain('already running');
        started = startNpm();
      }
      await sleep(50);
    }
    expect(runId).toBeDefined();
    const processes = descendantsOf(started.npm.pid!);
    expect(processes.length).toBeGreaterThan(0);

    started.npm.kill('SIGKILL');
    await started.exited;

    const deadline = Date.now() + 10_000;
    while (processes.some(isRunning) && Date.now() < deadline) await sleep(50);
    expect(processes.filter(isRunning)).toEqual([]);
    const [run] = await sql<{ status: string; message: string }>('a', 'select status::text, message from public.sync_runs where id = $1', [runId]);
    expect(run).toMatchObject({ status: 'interrupted', message: expect.stringContaining('npm run sync') as string });
    // A batch in flight at the kill is refused at the closed run's counters; nothing more lands.
    const copied = await countSyncedInA(ids);
    await sleep(1000);
    expect(await countSyncedInA(ids)).toBe(copied);
    expect(copied).toBeLessThan(total);
  }, 120_000);
});
