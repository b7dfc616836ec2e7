import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '@/lib/observability/log';
import type { ServiceClients } from '@/lib/supabase/clients';
import { serviceClientsFor } from '@/lib/testing/demo';
import { generatePartnerPeople, type GeneratedPerson } from '@/lib/testing/partner-people';
import { startEphemeralStack, type LocalStack } from '@/lib/testing/stack';
import { syncAllClients, type SyncOptions } from './sync-clients';
import { claimBulkRun, interruptSyncRun, STALE_AFTER_MS, SyncAlreadyRunningError } from './sync-runs';

/**
 * The bulk-sync slot on a stack of this file's own: "exactly one run" needs a moment when no
 * other test file's bulk run holds the slot, and the shared stack cannot promise one.
 */
let stack: LocalStack;
let clients: ServiceClients;
let dbA: pg.Client;
let dbB: pg.Client;

beforeAll(async () => {
  stack = await startEphemeralStack({ seed: false });
  clients = serviceClientsFor(stack);
  dbA = new pg.Client({ connectionString: stack.a.dbUrl });
  dbB = new pg.Client({ connectionString: stack.b.dbUrl });
  await Promise.all([dbA.connect(), dbB.connect()]);
}, 180_000);

afterAll(async () => {
  await Promise.all([dbA?.end(), dbB?.end()]);
  await stack?.stop();
}, 60_000);

function people(count: number, label: string): Promise<GeneratedPerson[]> {
  return generatePartnerPeople(count, label, async (text, values) => (await dbB.query<GeneratedPerson>(text, values)).rows);
}

interface RunRow {
  id: string;
  status: string;
  scanned: number;
  heartbeat_at: Date;
  finished_at: Date | null;
  message: string | null;
}

async function runRow(id: string): Promise<RunRow> {
  const { rows } = await dbA.query<RunRow>('select id, status, scanned, heartbeat_at, finished_at, message from public.sync_runs where id = $1', [
    id,
  ]);
  if (!rows[0]) throw new Error(`no run ${id}`);
  return rows[0];
}

async function runsLabelled(label: string): Promise<RunRow[]> {
  return (
    await dbA.query<RunRow>('select id, status, scanned, heartbeat_at, finished_at, message from public.sync_runs where actor_label = $1', [label])
  ).rows;
}

/** A run left behind by a process that died: running, its heartbeat long stopped. */
async function deadRun(label: string): Promise<string> {
  const { rows } = await dbA.query<{ id: string }>(
    `insert into public.sync_runs (scope, source, actor_label, started_at, heartbeat_at)
     values ('all', 'cli', $1, now() - interval '10 minutes', now() - ($2::int + 1000) * interval '1 millisecond')
     returning id::text`,
    [label, STALE_AFTER_MS],
  );
  return rows[0]!.id;
}

/**
 * Holds up the batch that would copy this person: an uncommitted client row with their id makes
 * the batch's insert wait on it. Rolled back, the batch goes on.
 */
async function holdUpCopyOf(personId: string): Promise<{ release: () => Promise<void> }> {
  const blocker = new pg.Client({ connectionString: stack.a.dbUrl });
  await blocker.connect();
  await blocker.query('begin');
  await blocker.query(`insert into public.clients (id, full_name, origin) values ($1, 'Held up', 'native')`, [personId]);
  return {
    release: async () => {
      await blocker.query('rollback');
      await blocker.end();
    },
  };
}

async function waitFor<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await sleep(50);
  }
}

/** Until a batch is in flight and waiting on a held-up row. */
async function waitForHeldUpBatch(): Promise<void> {
  const waiting = await waitFor(
    async () =>
      (await dbA.query(`select 1 from pg_stat_activity where wait_event_type = 'Lock' and query like '%sync_clients_from_source%'`)).rowCount,
    (count) => (count ?? 0) > 0,
  );
  if (!waiting) throw new Error('no batch is waiting on the held-up row');
}

/** A run started in the background, with its id once it holds the slot. */
function startRun(options: Partial<SyncOptions> & { actorLabel: string }) {
  let resolveId: (id: string) => void = () => {};
  const runId = new Promise<string>((resolve) => (resolveId = resolve));
  const report = syncAllClients(clients, { source: 'cli', log: silentLogger, onRunStarted: resolveId, ...options });
  return { runId, report };
}

describe('one bulk sync at a time', () => {
  it('ten starts at once through the lib: exactly one run, the nine others are told which one', async () => {
    await people(3000, 'slot');
    const label = `slot-${randomUUID()}`;

    // Small batches one at a time: the winner's run outlasts the other nine's starts.
    const results = await Promise.allSettled(
      Array.from({ length: 10 }, () =>
        syncAllClients(clients, { source: 'cli', actorLabel: label, batchSize: 100, concurrency: 1, log: silentLogger }),
      ),
    );

    const reports = results.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
    const refusals = results.flatMap((result) => (result.status === 'rejected' ? [result.reason as unknown] : []));
    expect(reports).toHaveLength(1);
    expect(reports[0]).toMatchObject({ status: 'succeeded', created: 3000 });
    expect(refusals).toHaveLength(9);
    for (const refusal of refusals) {
      expect(refusal).toBeInstanceOf(SyncAlreadyRunningError);
      const { running } = refusal as SyncAlreadyRunningError;
      expect(running).toMatchObject({ id: reports[0]!.runId, source: 'cli', actorLabel: label, status: 'running' });
      expect((refusal as Error).message).toContain(`run ${reports[0]!.runId}`);
    }
    expect(await runsLabelled(label)).toEqual([expect.objectContaining({ id: reports[0]!.runId, status: 'succeeded' })]);
  }, 60_000);

  it('a dry run takes no slot: it counts while a run goes', async () => {
    const [person] = await people(1, 'dry-beside');
    const held = await holdUpCopyOf(person!.id);
    const run = startRun({ actorLabel: `dry-beside-${randomUUID()}` });
    try {
      await run.runId;
      const dry = await syncAllClients(clients, { source: 'cli', dryRun: true, log: silentLogger });
      expect(dry).toMatchObject({ status: 'succeeded', runId: null, dryRun: true });
      expect(dry.created).toBeGreaterThanOrEqual(1);
    } finally {
      await held.release();
    }
    expect(await run.report).toMatchObject({ status: 'succeeded' });
  });

  it('a live run is never taken over; once its heartbeat is stale, the next start closes it as interrupted and takes its place', async () => {
    const label = `live-${randomUUID()}`;
    const { rows } = await dbA.query<{ id: string }>(
      `insert into public.sync_runs (scope, source, actor_label, total, scanned) values ('all', 'api', $1, 500, 120) returning id::text`,
      [label],
    );
    const live = rows[0]!.id;

    const refused = await claimBulkRun(clients.projectA, { source: 'bulk', actorLabel: `${label}-second` });
    expect(refused).toMatchObject({ claimed: false, running: { id: live, source: 'api', actorLabel: label, total: 500, scanned: 120 } });
    expect((await runRow(live)).status).toBe('running');

    // Its process dies: no beat for longer than the bound.
    await dbA.query(`update public.sync_runs set heartbeat_at = heartbeat_at - ($2::int + 1000) * interval '1 millisecond' where id = $1`, [
      live,
      STALE_AFTER_MS,
    ]);
    const taken = await claimBulkRun(clients.projectA, { source: 'bulk', actorLabel: `${label}-third` });

    expect(taken.claimed).toBe(true);
    const closed = await runRow(live);
    expect(closed).toMatchObject({ status: 'interrupted', scanned: 120 });
    expect(closed.finished_at?.toISOString()).toBe(closed.heartbeat_at.toISOString());
    if (taken.claimed) await interruptSyncRun(clients.projectA, taken.runId, 'test over');
  });

  it('ten starters racing over a stale run: exactly one takes it over, the others are told which one (five rounds)', async () => {
    for (let round = 0; round < 5; round += 1) {
      const label = `race-${round}-${randomUUID()}`;
      const stale = await deadRun(label);

      const claims = await Promise.all(Array.from({ length: 10 }, () => claimBulkRun(clients.projectA, { source: 'api', actorLabel: label })));

      const winners = claims.flatMap((claim) => (claim.claimed ? [claim.runId] : []));
      expect(winners).toHaveLength(1);
      for (const claim of claims) if (!claim.claimed) expect(claim.running.id).toBe(winners[0]);
      expect((await runRow(stale)).status).toBe('interrupted');
      expect((await runsLabelled(label)).map((run) => run.status).sort()).toEqual(['interrupted', 'running']);
      await interruptSyncRun(clients.projectA, winners[0]!, 'test over');
    }
  });

  it('the heartbeat keeps moving while a batch is held up', async () => {
    const [person] = await people(1, 'slow-batch');
    const held = await holdUpCopyOf(person!.id);
    // One batch at a time: while the held-up one waits, no other batch moves the heartbeat.
    const run = startRun({ actorLabel: `slow-${randomUUID()}`, heartbeatMs: 200, concurrency: 1 });
    try {
      const runId = await run.runId;
      await waitForHeldUpBatch();
      const before = await runRow(runId);
      // Three beats or so, with the batch still waiting.
      await sleep(700);
      const after = await runRow(runId);
      expect(after).toMatchObject({ status: 'running', scanned: before.scanned });
      expect(after.heartbeat_at.getTime()).toBeGreaterThan(before.heartbeat_at.getTime());
    } finally {
      await held.release();
    }
    expect(await run.report).toMatchObject({ status: 'succeeded', created: 1 });
  });

  it('a run closed while it still runs (taken over after a stall) stops, and its held-up batch writes nothing', async () => {
    const [person] = await people(1, 'closed');
    const held = await holdUpCopyOf(person!.id);
    const run = startRun({ actorLabel: `closed-${randomUUID()}`, heartbeatMs: 200 });
    const runId = await run.runId;
    await dbA.query(`update public.sync_runs set status = 'interrupted', finished_at = now() where id = $1`, [runId]);
    await held.release();

    const report = await run.report;

    expect(report).toMatchObject({ status: 'interrupted', runId, orphans: null });
    expect(report.message).toContain('closed while it still ran');
    expect(await runRow(runId)).toMatchObject({ status: 'interrupted', scanned: 0 });
    const { rows } = await dbA.query('select 1 from public.clients where id = $1', [person!.id]);
    expect(rows).toHaveLength(0);
  });

  it('an aborted run is closed as interrupted at once, and the batch it had in flight writes nothing', async () => {
    const [person] = await people(1, 'aborted');
    const held = await holdUpCopyOf(person!.id);
    const controller = new AbortController();
    // One batch at a time: once the held-up one waits, the run's counters stand still.
    const run = startRun({ actorLabel: `aborted-${randomUUID()}`, signal: controller.signal, concurrency: 1 });
    const runId = await run.runId;
    await waitForHeldUpBatch();

    const abortedAt = performance.now();
    controller.abort(new Error('stopped by the test'));
    const report = await run.report;

    expect(performance.now() - abortedAt).toBeLessThan(2000);
    expect(report).toMatchObject({ status: 'interrupted', runId, message: 'Interrupted: stopped by the test' });
    const closed = await runRow(runId);
    expect(closed).toMatchObject({ status: 'interrupted', message: 'Interrupted: stopped by the test' });
    await held.release();
    // The batch gets its lock, then is refused at the run's counters and rolls back.
    await waitFor(
      async () =>
        (
          await dbA.query(
            `select 1 from pg_stat_activity where state = 'active' and query like '%sync_clients_from_source%' and pid <> pg_backend_pid()`,
          )
        ).rowCount,
      (count) => count === 0,
    );
    const { rows } = await dbA.query('select 1 from public.clients where id = $1', [person!.id]);
    expect(rows).toHaveLength(0);
    expect((await runRow(runId)).scanned).toBe(closed.scanned);
  });

  it('refuses a stale bound that is not a positive interval, and takes no slot', async () => {
    const label = `bad-bound-${randomUUID()}`;
    const refused = await clients.projectA.rpc('start_bulk_sync_run', { source: 'cli', stale_after: '0 seconds', actor_label: label });
    expect(refused.error?.code).toBe('22023');
    expect(await runsLabelled(label)).toEqual([]);
  });
});
