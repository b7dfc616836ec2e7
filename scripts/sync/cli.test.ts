import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import pg from 'pg';
import { beforeAll, describe, expect, it } from 'vitest';
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

    const run = await runCli(['--all']);

    expect(run.code).toBe(0);
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

      const rerun = await runCli(['--all', '--json']);

      expect(rerun.code).toBe(0);
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
