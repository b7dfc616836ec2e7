import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProjectAClient } from '@/lib/supabase/clients';
import { serviceClients, signedInAs, sql, THERAPISTS } from '@/lib/testing/stack-clients';
import {
  decodeSessionCursor,
  encodeSessionCursor,
  getSession,
  listClientSessions,
  listSessions,
  type ListSessionsOptions,
  type SessionListItem,
} from './list-sessions';

/** "Now" for these tests: the fixture sits around it, far from the seed's real-time sessions. */
const NOW = new Date('2030-06-01T12:00:00.000Z');

type Status = 'scheduled' | 'completed' | 'cancelled' | 'no_show';
interface Fixture {
  startsAt: string;
  status: Status;
}

/**
 * Includes ties on starts_at (ordered by id then), microsecond timestamps that
 * a JS Date would round, and a session starting exactly at NOW (upcoming).
 * Sessions that hold a slot (scheduled, completed) never overlap
 * (sessions_therapist_no_overlap), so the ties and near-ties are made of one
 * such session and cancelled ones or no-shows.
 */
const FIXTURE: Fixture[] = [
  { startsAt: '2030-06-01T12:00:00Z', status: 'scheduled' },
  { startsAt: '2030-06-01T12:00:00.000001Z', status: 'cancelled' },
  { startsAt: '2030-06-02T09:00:00.123456Z', status: 'scheduled' },
  { startsAt: '2030-06-02T09:00:00.123456Z', status: 'cancelled' },
  { startsAt: '2030-06-02T09:00:00.123456Z', status: 'no_show' },
  { startsAt: '2030-06-02T09:00:00.123457Z', status: 'cancelled' },
  { startsAt: '2030-06-03T09:00:00Z', status: 'scheduled' },
  { startsAt: '2030-06-03T09:00:00Z', status: 'cancelled' },
  { startsAt: '2030-06-10T15:30:00Z', status: 'cancelled' },
  { startsAt: '2030-07-01T08:00:00Z', status: 'scheduled' },
  { startsAt: '2030-06-01T11:59:59.999999Z', status: 'no_show' },
  { startsAt: '2030-05-31T10:00:00Z', status: 'completed' },
  { startsAt: '2030-05-31T10:00:00Z', status: 'no_show' },
  { startsAt: '2030-05-31T10:00:00Z', status: 'cancelled' },
  { startsAt: '2030-05-20T10:00:00.5Z', status: 'cancelled' },
  { startsAt: '2030-01-01T00:00:00Z', status: 'completed' },
];

let rivera: ProjectAClient;
let chen: ProjectAClient;
const clientId = randomUUID();
const otherClientId = randomUUID();
let chensSessionId: string;
/** id → fixture row, as the database stored it */
const inserted = new Map<string, { startsAt: number; status: Status; clientId: string }>();

async function pageThrough(
  client: ProjectAClient,
  options: Omit<ListSessionsOptions, 'cursor'>,
): Promise<{ pages: SessionListItem[][]; all: SessionListItem[] }> {
  const pages: SessionListItem[][] = [];
  let cursor: string | null = null;
  do {
    const page = await listSessions(client, { ...options, cursor });
    pages.push(page.sessions);
    cursor = page.nextCursor;
    if (pages.length > 500) throw new Error('pagination does not end');
  } while (cursor);
  return { pages, all: pages.flat() };
}

beforeAll(async () => {
  rivera = await signedInAs('rivera');
  chen = await signedInAs('chen');
  const { projectA } = serviceClients();

  for (const [id, name] of [
    [clientId, 'Keyset Fixture'],
    [otherClientId, 'Keyset Other'],
  ] as const) {
    const created = await projectA.from('clients').insert({ id, full_name: `${name} ${id.slice(0, 8)}`, created_by: THERAPISTS.rivera.id });
    if (created.error) throw created.error;
    const link = await projectA.from('care_team').insert({ therapist_id: THERAPISTS.rivera.id, client_id: id });
    if (link.error) throw link.error;
  }

  const rows = FIXTURE.map((f) => ({
    client_id: clientId,
    therapist_id: THERAPISTS.rivera.id,
    starts_at: f.startsAt,
    duration_minutes: 50,
    status: f.status,
  }));
  // Two sessions with the other client, interleaved in time, for the client filter;
  // at the fixture's slot-holding times, so they are ones that hold no slot.
  rows.push(
    {
      client_id: otherClientId,
      therapist_id: THERAPISTS.rivera.id,
      starts_at: '2030-06-02T09:00:00.123456Z',
      duration_minutes: 50,
      status: 'cancelled',
    },
    {
      client_id: otherClientId,
      therapist_id: THERAPISTS.rivera.id,
      starts_at: '2030-05-31T10:00:00Z',
      duration_minutes: 50,
      status: 'no_show',
    },
  );
  const { data, error } = await projectA.from('sessions').insert(rows).select('id, starts_at, status, client_id');
  if (error) throw error;
  for (const row of data) inserted.set(row.id, { startsAt: Date.parse(row.starts_at), status: row.status, clientId: row.client_id });

  const chens = await projectA.from('sessions').select('id').eq('therapist_id', THERAPISTS.chen.id).limit(1).single();
  if (chens.error) throw chens.error;
  chensSessionId = chens.data.id;
});

afterAll(async () => {
  await sql('a', 'delete from public.sessions where client_id = any($1::uuid[])', [[clientId, otherClientId]]);
  await sql('a', 'delete from public.clients where id = any($1::uuid[])', [[clientId, otherClientId]]);
});

function fixtureIds(predicate: (row: { startsAt: number; status: Status; clientId: string }) => boolean): string[] {
  return [...inserted].filter(([, row]) => predicate(row)).map(([id]) => id);
}

describe('listSessions keyset pagination', () => {
  it('returns every upcoming session exactly once across pages, ascending by (starts_at, id)', async () => {
    const { pages, all } = await pageThrough(rivera, {
      therapistId: THERAPISTS.rivera.id,
      scope: 'upcoming',
      clientId,
      limit: 3,
      now: NOW,
    });

    const expected = fixtureIds((row) => row.clientId === clientId && row.startsAt >= NOW.getTime());
    expect(expected).toHaveLength(10);
    expect(all.map((s) => s.id).sort()).toEqual([...expected].sort());
    expect(new Set(all.map((s) => s.id)).size).toBe(all.length);
    expect(pages.map((p) => p.length)).toEqual([3, 3, 3, 1]);

    const keys = all.map((s) => [s.startsAt, s.id] as const);
    for (let i = 1; i < keys.length; i++) {
      const [prevAt, prevId] = keys[i - 1]!;
      const [at, id] = keys[i]!;
      expect(at > prevAt || (at === prevAt && id > prevId), `row ${i} follows row ${i - 1}`).toBe(true);
    }
  });

  it('returns every past session exactly once, descending, before now', async () => {
    const { pages, all } = await pageThrough(rivera, { therapistId: THERAPISTS.rivera.id, scope: 'past', clientId, limit: 2, now: NOW });

    const expected = fixtureIds((row) => row.clientId === clientId && row.startsAt < NOW.getTime());
    expect(expected).toHaveLength(6);
    expect(all.map((s) => s.id).sort()).toEqual([...expected].sort());
    expect(new Set(all.map((s) => s.id)).size).toBe(all.length);
    expect(pages.map((p) => p.length)).toEqual([2, 2, 2]);
    const starts = all.map((s) => Date.parse(s.startsAt));
    expect(starts).toEqual([...starts].sort((a, b) => b - a));
  });

  it('keeps microsecond timestamps apart: a row one microsecond later is neither skipped nor repeated', async () => {
    const { all } = await pageThrough(rivera, { therapistId: THERAPISTS.rivera.id, scope: 'upcoming', clientId, limit: 1, now: NOW });
    expect(all).toHaveLength(10);
    expect(all[0]?.startsAt).toMatch(/^2030-06-01T12:00:00(\+00:00|Z)$/);
    expect(all[1]?.startsAt).toMatch(/^2030-06-01T12:00:00\.000001/);
  });

  it('pages through all of the therapist’s sessions, matching the database row for row', async () => {
    const { all } = await pageThrough(rivera, { therapistId: THERAPISTS.rivera.id, scope: 'upcoming', limit: 7, now: NOW });
    const truth = await sql<{ id: string }>(
      'a',
      'select id from public.sessions where therapist_id = $1 and starts_at >= $2 order by starts_at, id',
      [THERAPISTS.rivera.id, NOW.toISOString()],
    );
    expect(all.map((s) => s.id)).toEqual(truth.map((r) => r.id));
  });

  it('embeds the client’s name and origin', async () => {
    const page = await listSessions(rivera, { therapistId: THERAPISTS.rivera.id, scope: 'upcoming', clientId, limit: 1, now: NOW });
    expect(page.sessions[0]?.client).toEqual({ id: clientId, fullName: `Keyset Fixture ${clientId.slice(0, 8)}`, origin: 'native' });
  });
});

describe('listSessions filters', () => {
  it('filters by status', async () => {
    const { all } = await pageThrough(rivera, {
      therapistId: THERAPISTS.rivera.id,
      scope: 'upcoming',
      clientId,
      status: 'cancelled',
      limit: 5,
      now: NOW,
    });
    expect(all.map((s) => s.id).sort()).toEqual(
      fixtureIds((r) => r.clientId === clientId && r.startsAt >= NOW.getTime() && r.status === 'cancelled').sort(),
    );
    expect(all).toHaveLength(5);
    expect(all.every((s) => s.status === 'cancelled')).toBe(true);
  });

  it('filters by client', async () => {
    const upcoming = await listSessions(rivera, {
      therapistId: THERAPISTS.rivera.id,
      scope: 'upcoming',
      clientId: otherClientId,
      limit: 10,
      now: NOW,
    });
    const past = await listSessions(rivera, {
      therapistId: THERAPISTS.rivera.id,
      scope: 'past',
      clientId: otherClientId,
      limit: 10,
      now: NOW,
    });
    expect(upcoming.sessions.map((s) => s.client?.id)).toEqual([otherClientId]);
    expect(past.sessions.map((s) => s.client?.id)).toEqual([otherClientId]);
    expect(upcoming.nextCursor).toBeNull();
  });

  it('never shows another therapist’s sessions, even when asked for their id', async () => {
    const page = await listSessions(rivera, {
      therapistId: THERAPISTS.chen.id,
      scope: 'upcoming',
      limit: 50,
      now: new Date('2000-01-01T00:00:00Z'),
    });
    expect(page.sessions).toEqual([]);
    expect(await getSession(rivera, chensSessionId)).toBeNull();
    const chensOwn = await listSessions(chen, { therapistId: THERAPISTS.chen.id, scope: 'upcoming', limit: 100, now: NOW });
    expect(chensOwn.sessions.some((s) => inserted.has(s.id))).toBe(false);
  });
});

describe('session cursors', () => {
  const first = () => listSessions(rivera, { therapistId: THERAPISTS.rivera.id, scope: 'upcoming', clientId, limit: 3, now: NOW });

  it('round-trips and is opaque', () => {
    const cursor = { scope: 'past' as const, startsAt: '2030-06-02T09:00:00.123456+00:00', id: randomUUID() };
    const encoded = encodeSessionCursor(cursor);
    expect(encoded).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeSessionCursor(encoded, 'past')).toEqual(cursor);
  });

  it.each([
    ['garbage', 'not a cursor!'],
    ['base64 of nonsense', Buffer.from('hello').toString('base64url')],
    ['a cursor for the other tab', encodeSessionCursor({ scope: 'past', startsAt: '2030-06-02T09:00:00+00:00', id: randomUUID() })],
    ['a filter smuggled in the timestamp', Buffer.from(`upcoming|2030-06-02T09:00:00Z,id.gt.0|${randomUUID()}`).toString('base64url')],
    ['a bad id', Buffer.from('upcoming|2030-06-02T09:00:00Z|x),or(id.gt.0').toString('base64url')],
    ['an impossible date', Buffer.from(`upcoming|2030-13-45T09:00:00Z|${randomUUID()}`).toString('base64url')],
    ['an empty string', ''],
  ])('treats %s as the first page', async (_label, cursor) => {
    const expected = await first();
    const page = await listSessions(rivera, { therapistId: THERAPISTS.rivera.id, scope: 'upcoming', clientId, limit: 3, now: NOW, cursor });
    expect(page.sessions.map((s) => s.id)).toEqual(expected.sessions.map((s) => s.id));
  });
});

describe('listClientSessions', () => {
  it('lists the client’s sessions with this therapist, newest first', async () => {
    const sessions = await listClientSessions(rivera, { therapistId: THERAPISTS.rivera.id, clientId });
    expect(sessions.map((s) => s.id).sort()).toEqual(fixtureIds((r) => r.clientId === clientId).sort());
    const starts = sessions.map((s) => Date.parse(s.startsAt));
    expect(starts).toEqual([...starts].sort((a, b) => b - a));
    expect(await listClientSessions(chen, { therapistId: THERAPISTS.chen.id, clientId })).toEqual([]);
  });
});
