import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { INVALID_PARAMETER_VALUE } from '@/lib/database/postgres-errors';
import type { EventContext } from '@/lib/observability/log';
import type { ProjectAClient, ServiceClients } from '@/lib/supabase/clients';
import { createPartnerPerson, nextStartTime, serviceClients, signedInAs, sql, stack, THERAPISTS } from '@/lib/testing/stack-clients';
import { createSession, type BookingClients } from './create-session';
import type { NewSession } from './session.schema';

/*
 * The booking's copy races on purpose here. A second connection to A's
 * database holds an uncommitted row with the person's id, so the booking's
 * INSERT ... ON CONFLICT DO NOTHING has to wait for it; the test watches
 * pg_stat_activity until it does, then commits. Without ON CONFLICT the
 * waiting insert would fail with 23505 the moment the holder commits.
 */

let service: ServiceClients;
let rivera: ProjectAClient;
const openConnections: pg.Client[] = [];
/** Native rows made here hold a Project B person's id: left behind, every later bulk sync would count the collision. */
const nativeRowsToRemove: string[] = [];

beforeAll(async () => {
  service = serviceClients();
  rivera = await signedInAs('rivera');
});

afterEach(async () => {
  // A failed assertion leaves the holder's transaction open: ending the connection rolls it back.
  await Promise.all(openConnections.splice(0).map((connection) => connection.end()));
  const ids = nativeRowsToRemove.splice(0);
  if (ids.length) await sql('a', "delete from public.clients where id = any($1::uuid[]) and origin = 'native'", [ids]);
});

function bookingClients(): BookingClients {
  return { user: rivera, ...service };
}

function sessionWith(clientId: string): NewSession {
  return {
    therapistId: THERAPISTS.rivera.id,
    clientId,
    startsAt: nextStartTime(),
    durationMinutes: 50,
    sessionType: 'individual',
    notes: null,
    requestId: randomUUID(),
  };
}

async function connectToA(): Promise<pg.Client> {
  const connection = new pg.Client({ connectionString: stack().a.dbUrl });
  await connection.connect();
  openConnections.push(connection);
  return connection;
}

/** A transaction that has inserted a client row with `id` and not committed yet. */
async function holdUncommittedClient(id: string, origin: 'project_b' | 'native') {
  const holder = await connectToA();
  await holder.query('begin');
  await holder.query(
    `insert into public.clients (id, full_name, origin, synced_at, source_updated_at)
     values ($1, 'Held by another transaction', $2::public.client_origin, $3, $3)`,
    [id, origin, origin === 'project_b' ? new Date() : null],
  );
  const { rows } = await holder.query<{ pid: number }>('select pg_backend_pid() as pid');
  return { holder, pid: rows[0]!.pid };
}

/** Resolves once some backend is waiting on a lock held by `holderPid`; polls, never sleeps a fixed time. */
async function waitUntilBlockedBy(holderPid: number, timeoutMs = 10_000): Promise<void> {
  const watcher = await connectToA();
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { rows } = await watcher.query<{ waiting: number }>(
      `select count(*)::int as waiting from pg_stat_activity
       where wait_event_type = 'Lock' and $1 = any (pg_blocking_pids(pid))`,
      [holderPid],
    );
    if (rows[0]!.waiting > 0) return;
    if (Date.now() > deadline) throw new Error(`no backend waited on pid ${holderPid} within ${timeoutMs} ms`);
    await new Promise((resolve) => setImmediate(resolve));
  }
}

async function countRows(query: string, ...values: string[]): Promise<number> {
  const rows = await sql<{ n: number }>('a', query, values);
  return rows[0]!.n;
}

const LINKS_TO_RIVERA = 'select count(*)::int as n from public.care_team where client_id = $1 and therapist_id = $2';

function captureEvents() {
  const events: { event: string; context: EventContext }[] = [];
  return { events, log: (event: string, context: EventContext) => events.push({ event, context }) };
}

describe('the booking race on the database (23505)', () => {
  it('a copy that waits on an uncommitted copy of the same person answers race_tolerated, and A keeps one row', async () => {
    const person = await createPartnerPerson(service.projectB);
    const { holder, pid } = await holdUncommittedClient(person.id, 'project_b');
    const { events, log } = captureEvents();

    const booking = createSession(bookingClients(), sessionWith(person.id), { log });
    await waitUntilBlockedBy(pid);
    await holder.query('commit');
    const result = await booking;

    expect(result).toMatchObject({ ok: true, outcome: 'race_tolerated', session: { client_id: person.id } });
    expect(await countRows('select count(*)::int as n from public.clients where id = $1', person.id)).toBe(1);
    expect(await countRows(LINKS_TO_RIVERA, person.id, THERAPISTS.rivera.id)).toBe(1);
    expect(await countRows('select count(*)::int as n from public.sessions where client_id = $1', person.id)).toBe(1);
    expect(events).toEqual([{ event: 'booking.create_session', context: expect.objectContaining({ level: 'info', outcome: 'race_tolerated' }) }]);
  });

  it('a native client that takes the id while the copy waits is not joined: "Client not found", nothing linked or booked', async () => {
    const person = await createPartnerPerson(service.projectB);
    nativeRowsToRemove.push(person.id);
    const { holder, pid } = await holdUncommittedClient(person.id, 'native');

    const booking = createSession(bookingClients(), sessionWith(person.id));
    await waitUntilBlockedBy(pid);
    await holder.query('commit');
    const result = await booking;

    expect(result).toEqual({ ok: false, outcome: 'not_found', message: 'Client not found' });
    const rows = await sql<{ origin: string }>('a', 'select origin from public.clients where id = $1', [person.id]);
    expect(rows).toEqual([{ origin: 'native' }]);
    expect(await countRows('select count(*)::int as n from public.care_team where client_id = $1', person.id)).toBe(0);
    expect(await countRows('select count(*)::int as n from public.sessions where client_id = $1', person.id)).toBe(0);
  });
});

describe('concurrent bookings within one server process', () => {
  it('share one copy: the call that copied says copied, the ones that waited for it already_synced, none race_tolerated', async () => {
    const person = await createPartnerPerson(service.projectB);
    const results = await Promise.all(
      Array.from({ length: 5 }, () => createSession(bookingClients(), sessionWith(person.id), { clientSource: 'project_b' })),
    );
    expect(results.map((r) => r.outcome).sort()).toEqual(['already_synced', 'already_synced', 'already_synced', 'already_synced', 'copied']);
    expect(await countRows('select count(*)::int as n from public.sessions where client_id = $1', person.id)).toBe(5);
  });
});

describe('adopt_client_for_booking answers', () => {
  const adopt = (client: string, person?: Record<string, unknown>) =>
    service.projectA.rpc('adopt_client_for_booking', { client, therapist: THERAPISTS.rivera.id, person: person as never });

  it('native_client for a practice client, and joins nothing', async () => {
    const chensClient = THERAPISTS.chen.linkedClient;
    expect(await adopt(chensClient)).toMatchObject({ data: 'native_client', error: null });
    expect(await countRows(LINKS_TO_RIVERA, chensClient, THERAPISTS.rivera.id)).toBe(0);
  });

  it('no_such_person for an id A does not have when no Project B record is given', async () => {
    const ghost = randomUUID();
    expect(await adopt(ghost)).toMatchObject({ data: 'no_such_person', error: null });
    expect(await countRows('select count(*)::int as n from public.clients where id = $1', ghost)).toBe(0);
  });

  it('refuses a person whose id is not the client id, and writes nothing', async () => {
    const client = randomUUID();
    const other = randomUUID();
    const answer = await adopt(client, { id: other, full_name: 'Mismatch', email: null, notes: '', source_updated_at: new Date().toISOString() });
    expect(answer.error).toMatchObject({ code: INVALID_PARAMETER_VALUE });
    expect(await countRows('select count(*)::int as n from public.clients where id in ($1, $2)', client, other)).toBe(0);
  });
});
