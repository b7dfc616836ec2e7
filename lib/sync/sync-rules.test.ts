import { randomBytes, randomUUID } from 'node:crypto';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import type { Json } from '@/lib/database/project-a.types';
import { serviceClients, sql, stack, THERAPISTS } from '@/lib/testing/stack-clients';
import type { SyncRow } from './source-person';
import { countsFromComparison, countsOf } from './sync-report';

/**
 * The rules of the sync SQL functions, called as the server calls them (the
 * service role through PostgREST), on batches this file makes in Project A
 * alone. Every test works in its own slice of the id space, so the orphan
 * counts below are its own.
 */

function idSlice() {
  const prefix = `${randomBytes(4).toString('hex')}-${randomBytes(2).toString('hex')}-4${randomBytes(2).toString('hex').slice(1)}-8000-`;
  return {
    id: () => `${prefix}${randomBytes(6).toString('hex')}`,
    after: `${prefix}000000000000`,
    through: `${prefix}ffffffffffff`,
  };
}

function person(id: string, overrides: Partial<SyncRow> = {}): SyncRow {
  const tag = randomUUID().slice(0, 8);
  return {
    id,
    full_name: `Rules Person ${tag}`,
    email: `rules-${tag}@partner.test`,
    notes: 'Synced from Project B',
    source_updated_at: '2026-11-30T10:00:00.000Z',
    ...overrides,
  };
}

async function insertCopy(row: SyncRow, stamp: string | null = row.source_updated_at): Promise<void> {
  await sql(
    'a',
    `insert into public.clients (id, full_name, email, origin, synced_at, source_updated_at) values ($1, $2, $3, 'project_b', now(), $4)`,
    [row.id, row.full_name, row.email, stamp],
  );
}

async function insertNative(id: string, email: string | null = null): Promise<void> {
  await sql('a', `insert into public.clients (id, full_name, email, origin) values ($1, 'Practice Client', $2, 'native')`, [id, email]);
}

async function compare(batch: SyncRow[], range: { after: string; through: string }) {
  const { data, error } = await serviceClients()
    .projectA.rpc('compare_clients_with_source', {
      batch: batch as unknown as Json,
      range_after: range.after,
      range_through: range.through,
      count_orphans: true,
    })
    .single();
  expect(error).toBeNull();
  return data!;
}

async function write(batch: SyncRow[], options: { range?: { after: string; through: string }; linkTherapist?: string } = {}) {
  const { data, error } = await serviceClients()
    .projectA.rpc('sync_clients_from_source', {
      batch: batch as unknown as Json,
      source: 'cli',
      actor_label: 'sync-rules test',
      link_therapist: options.linkTherapist,
      range_after: options.range?.after,
      range_through: options.range?.through,
      count_orphans: options.range !== undefined,
    })
    .single();
  expect(error).toBeNull();
  return data!;
}

/** One of each: new, stale, unchanged, id taken, a new person sharing a practice client's e-mail, and an orphan. */
async function mixedBatch() {
  const slice = idSlice();
  const fresh = person(slice.id());
  const staleBefore = person(slice.id(), { source_updated_at: '2026-11-01T00:00:00.000Z' });
  const stale = { ...staleBefore, full_name: 'Renamed In B', source_updated_at: '2026-11-30T10:00:00.000Z' };
  const unchanged = person(slice.id());
  const taken = person(slice.id());
  const sharedEmail = `shared-${randomUUID().slice(0, 8)}@partner.test`;
  const conflicting = person(slice.id(), { email: sharedEmail.toUpperCase() });
  await insertCopy(staleBefore);
  await insertCopy(unchanged);
  await insertNative(taken.id);
  await insertNative(randomUUID(), sharedEmail);
  await insertCopy(person(slice.id()));
  return { slice, batch: [fresh, stale, unchanged, taken, conflicting], ids: { fresh, stale, unchanged, taken, conflicting } };
}

describe('one set of verdicts for the dry run, the write and the status', () => {
  it('the dry run counts exactly what the write then does, on the same batch', async () => {
    const { slice, batch } = await mixedBatch();

    const preview = countsFromComparison(await compare(batch, slice));
    const written = countsOf(await write(batch, { range: slice }));

    expect(preview).toEqual({ scanned: 5, created: 2, updated: 1, unchanged: 1, conflicts: 1, errors: 1, orphans: 1 });
    expect(written).toEqual(preview);
  });

  it('after the write the comparison finds nothing left to do but the refused id, and a second write changes nothing', async () => {
    const { slice, batch } = await mixedBatch();
    await write(batch, { range: slice });

    const after = await compare(batch, slice);
    expect(after).toMatchObject({ people: 5, new: 0, stale: 0, unchanged: 4, id_taken: 1, conflicts: 0, orphans: 1 });
    expect(after.orphan_ids).toHaveLength(1);
    expect(countsOf(await write(batch, { range: slice }))).toEqual({
      scanned: 5,
      created: 0,
      updated: 0,
      unchanged: 4,
      conflicts: 0,
      errors: 1,
      orphans: 1,
    });
  });

  it('records each change once in the audit trail and never touches the practice client holding the id', async () => {
    const { slice, batch, ids } = await mixedBatch();
    await write(batch, { range: slice });
    await write(batch, { range: slice });

    const events = await sql<{ client_id: string; action: string }>(
      'a',
      'select client_id, action from public.client_audit_events where client_id = any($1::uuid[]) order by id',
      [batch.map((row) => row.id)],
    );
    const actions = (id: string) => events.filter((event) => event.client_id === id).map((event) => event.action);
    expect(actions(ids.fresh.id)).toEqual(['copy']);
    expect(actions(ids.stale.id)).toEqual(['refresh']);
    expect(actions(ids.unchanged.id)).toEqual([]);
    expect(actions(ids.taken.id)).toEqual([]);
    expect(actions(ids.conflicting.id)).toEqual(['copy', 'conflict_found']);
    const [owner] = await sql('a', 'select full_name, origin from public.clients where id = $1', [ids.taken.id]);
    expect(owner).toEqual({ full_name: 'Practice Client', origin: 'native' });
  });
});

describe('a refresh another call is making at the same moment', () => {
  it('waits for it, then finds the copy up to date: one refresh, one audit row', async () => {
    const slice = idSlice();
    const before = person(slice.id(), { source_updated_at: '2026-11-01T00:00:00.000Z' });
    await insertCopy(before);
    const changed = { ...before, full_name: 'Refreshed Once', source_updated_at: '2026-11-30T10:00:00.000Z' };
    const batch = JSON.stringify([changed]);

    const other = new pg.Client({ connectionString: stack().a.dbUrl });
    await other.connect();
    try {
      await other.query('begin');
      const [first] = (await other.query(`select * from public.sync_clients_from_source($1::jsonb, 'cli')`, [batch])).rows;
      expect(first).toMatchObject({ updated: 1 });

      // This call blocks on the row the open transaction refreshed.
      const second = write([changed]);
      await expect.poll(waitingOnLock, { timeout: 10_000 }).toBe(true);
      await other.query('commit');

      expect(countsOf(await second)).toMatchObject({ updated: 0, unchanged: 1 });
    } finally {
      await other.end();
    }
    const refreshes = await sql<{ n: string }>(
      'a',
      `select count(*) as n from public.client_audit_events where client_id = $1 and action = 'refresh'`,
      [changed.id],
    );
    expect(Number(refreshes[0]?.n)).toBe(1);
  });
});

/** Whether some backend waits for a lock while running the sync function (the open transaction holds the row). */
async function waitingOnLock(): Promise<boolean> {
  const rows = await sql(
    'a',
    `select 1 from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock' and query like '%sync_clients_from_source%' and pid <> pg_backend_pid()`,
  );
  return rows.length > 0;
}

describe('the care-team link, shared by the booking and a second therapist', () => {
  it('joins once with one audit row, whichever of the two functions links first', async () => {
    const slice = idSlice();
    const row = person(slice.id());
    const therapist = THERAPISTS.chen.id;

    expect(countsOf(await write([row], { linkTherapist: therapist }))).toMatchObject({ created: 1 });
    const again = await serviceClients().projectA.rpc('link_synced_client', { client: row.id, therapist });
    expect(again).toMatchObject({ data: false, error: null });

    const links = await sql('a', 'select therapist_id from public.care_team where client_id = $1', [row.id]);
    expect(links).toEqual([{ therapist_id: therapist }]);
    const audits = await sql('a', `select actor_id, detail from public.client_audit_events where client_id = $1 and action = 'link'`, [row.id]);
    expect(audits).toEqual([{ actor_id: null, detail: { therapist_id: therapist } }]);

    const second = person(slice.id());
    await insertCopy(second);
    const joined = await serviceClients().projectA.rpc('link_synced_client', { client: second.id, therapist });
    expect(joined).toMatchObject({ data: true, error: null });
    const secondAudits = await sql('a', `select actor_id, source from public.client_audit_events where client_id = $1 and action = 'link'`, [
      second.id,
    ]);
    expect(secondAudits).toEqual([{ actor_id: therapist, source: 'booking' }]);
  });

  it('never links a therapist to a practice client that holds a B id', async () => {
    const id = idSlice().id();
    await insertNative(id);
    const joined = await serviceClients().projectA.rpc('link_synced_client', { client: id, therapist: THERAPISTS.chen.id });
    expect(joined).toMatchObject({ data: false, error: null });
    expect(await sql('a', 'select 1 from public.care_team where client_id = $1', [id])).toEqual([]);
  });
});

describe('bad input', () => {
  it('refuses a batch with a malformed id and writes nothing', async () => {
    const good = person(idSlice().id());
    const { error } = await serviceClients()
      .projectA.rpc('sync_clients_from_source', { batch: [good, { ...person('x'), id: 'not-a-uuid' }] as unknown as Json, source: 'cli' })
      .single();
    expect(error?.code).toBe('22P02');
    expect(await sql('a', 'select 1 from public.clients where id = $1', [good.id])).toEqual([]);
  });
});
