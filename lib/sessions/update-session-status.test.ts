import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProjectAClient } from '@/lib/supabase/clients';
import { insertClientOnCareTeam, serviceClients, signedInAs, sql, THERAPISTS } from '@/lib/testing/stack-clients';
import { sessionStatusSchema } from './sessions.schema';
import { updateSessionStatus } from './update-session-status';

let rivera: ProjectAClient;
let chen: ProjectAClient;
let service: ProjectAClient;
const riverasClient = randomUUID();
const chensClient = randomUUID();

async function bookAs(therapistId: string, clientId: string, startsAt: string): Promise<string> {
  const { data, error } = await service
    .from('sessions')
    .insert({ therapist_id: therapistId, client_id: clientId, starts_at: startsAt, duration_minutes: 50 })
    .select('id')
    .single();
  if (error) throw error;
  return data.id;
}

async function stored(sessionId: string) {
  const { data, error } = await service.from('sessions').select('status, updated_at').eq('id', sessionId).single();
  if (error) throw error;
  return data;
}

beforeAll(async () => {
  rivera = await signedInAs('rivera');
  chen = await signedInAs('chen');
  service = serviceClients().projectA;
  for (const [id, therapist] of [
    [riverasClient, THERAPISTS.rivera.id],
    [chensClient, THERAPISTS.chen.id],
  ] as const) {
    await insertClientOnCareTeam(service, { id, full_name: `Status Fixture ${id.slice(0, 8)}`, therapists: [therapist] });
  }
});

afterAll(async () => {
  await sql('a', 'delete from public.sessions where client_id = any($1::uuid[])', [[riverasClient, chensClient]]);
  await sql('a', 'delete from public.clients where id = any($1::uuid[])', [[riverasClient, chensClient]]);
});

describe('updateSessionStatus', () => {
  it('cancels the caller’s own scheduled session', async () => {
    const id = await bookAs(THERAPISTS.rivera.id, riverasClient, '2032-02-01T10:00:00Z');
    expect(await updateSessionStatus(rivera, { sessionId: id, status: 'cancelled' })).toEqual({
      ok: true,
      session: { id, status: 'cancelled' },
    });
    expect((await stored(id)).status).toBe('cancelled');
  });

  it.each(['completed', 'no_show'] as const)('marks a scheduled session %s', async (status) => {
    const id = await bookAs(THERAPISTS.rivera.id, riverasClient, '2020-02-01T10:00:00Z');
    const result = await updateSessionStatus(rivera, { sessionId: id, status });
    expect(result).toEqual({ ok: true, session: { id, status } });
  });

  it('returns not_found for someone else’s session and changes nothing', async () => {
    const id = await bookAs(THERAPISTS.chen.id, chensClient, '2032-02-02T10:00:00Z');
    const before = await stored(id);

    for (const status of ['cancelled', 'completed', 'no_show'] as const) {
      expect(await updateSessionStatus(rivera, { sessionId: id, status })).toEqual({ ok: false, reason: 'not_found' });
    }
    expect(await stored(id)).toEqual(before);
    expect(before.status).toBe('scheduled');

    // Its owner still can.
    expect((await updateSessionStatus(chen, { sessionId: id, status: 'cancelled' })).ok).toBe(true);
  });

  it('returns not_found for an unknown or malformed id', async () => {
    expect(await updateSessionStatus(rivera, { sessionId: randomUUID(), status: 'cancelled' })).toEqual({ ok: false, reason: 'not_found' });
    expect(await updateSessionStatus(rivera, { sessionId: 'not-a-uuid', status: 'cancelled' })).toEqual({ ok: false, reason: 'not_found' });
  });

  it('only moves a session out of scheduled: a cancelled session cannot be completed, nor cancelled twice', async () => {
    const id = await bookAs(THERAPISTS.rivera.id, riverasClient, '2032-02-03T10:00:00Z');
    expect((await updateSessionStatus(rivera, { sessionId: id, status: 'cancelled' })).ok).toBe(true);
    const after = await stored(id);

    expect(await updateSessionStatus(rivera, { sessionId: id, status: 'completed' })).toEqual({ ok: false, reason: 'not_scheduled' });
    expect(await updateSessionStatus(rivera, { sessionId: id, status: 'cancelled' })).toEqual({ ok: false, reason: 'not_scheduled' });
    expect(await stored(id)).toEqual(after);
  });

  it('lets exactly one of two simultaneous changes win', async () => {
    const id = await bookAs(THERAPISTS.rivera.id, riverasClient, '2032-02-04T10:00:00Z');
    const results = await Promise.all([
      updateSessionStatus(rivera, { sessionId: id, status: 'cancelled' }),
      updateSessionStatus(rivera, { sessionId: id, status: 'completed' }),
    ]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok)).toEqual([{ ok: false, reason: 'not_scheduled' }]);
  });
});

describe('sessionStatusSchema', () => {
  it.each([
    [{ sessionId: 'x', status: 'cancelled' }, 'sessionId'],
    [{ sessionId: randomUUID(), status: 'scheduled' }, 'status'],
    [{ sessionId: randomUUID(), status: 'deleted' }, 'status'],
    [{ status: 'cancelled' }, 'sessionId'],
  ])('refuses %o', (input, field) => {
    const parsed = sessionStatusSchema.safeParse(input);
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((i) => i.path[0])).toContain(field);
  });
});
