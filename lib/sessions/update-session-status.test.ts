import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INVALID_TEXT_REPRESENTATION } from '@/lib/database/postgres-errors';
import type { EventContext } from '@/lib/observability/log';
import type { ProjectAClient } from '@/lib/supabase/clients';
import { insertClientOnCareTeam, serviceClients, signedInAs, sql, THERAPISTS } from '@/lib/testing/stack-clients';
import { sessionStatusSchema, type SessionOutcome } from './sessions.schema';
import { SESSION_STATUS_MESSAGES, updateSessionStatus } from './update-session-status';

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
      outcome: 'updated',
      session: { id, status: 'cancelled' },
    });
    expect((await stored(id)).status).toBe('cancelled');
  });

  // Each at a time of its own: one therapist's sessions must not overlap.
  it.each([
    ['completed', '2020-02-01T10:00:00Z'],
    ['no_show', '2020-02-01T12:00:00Z'],
  ] as const)('marks a scheduled session %s', async (status, startsAt) => {
    const id = await bookAs(THERAPISTS.rivera.id, riverasClient, startsAt);
    const result = await updateSessionStatus(rivera, { sessionId: id, status });
    expect(result).toEqual({ ok: true, outcome: 'updated', session: { id, status } });
  });

  it('returns not_found for someone else’s session and changes nothing', async () => {
    const id = await bookAs(THERAPISTS.chen.id, chensClient, '2032-02-02T10:00:00Z');
    const before = await stored(id);

    for (const status of ['cancelled', 'completed', 'no_show'] as const) {
      expect(await updateSessionStatus(rivera, { sessionId: id, status })).toEqual({
        ok: false,
        outcome: 'not_found',
        message: SESSION_STATUS_MESSAGES.not_found,
      });
    }
    expect(await stored(id)).toEqual(before);
    expect(before.status).toBe('scheduled');

    // Its owner still can.
    expect((await updateSessionStatus(chen, { sessionId: id, status: 'cancelled' })).ok).toBe(true);
  });

  it('returns not_found for an unknown or malformed id', async () => {
    expect(await updateSessionStatus(rivera, { sessionId: randomUUID(), status: 'cancelled' })).toEqual({
      ok: false,
      outcome: 'not_found',
      message: SESSION_STATUS_MESSAGES.not_found,
    });
    expect(await updateSessionStatus(rivera, { sessionId: 'not-a-uuid', status: 'cancelled' })).toEqual({
      ok: false,
      outcome: 'not_found',
      message: SESSION_STATUS_MESSAGES.not_found,
    });
  });

  it('only moves a session out of scheduled: a cancelled session cannot be completed, nor cancelled twice', async () => {
    const id = await bookAs(THERAPISTS.rivera.id, riverasClient, '2032-02-03T10:00:00Z');
    expect((await updateSessionStatus(rivera, { sessionId: id, status: 'cancelled' })).ok).toBe(true);
    const after = await stored(id);

    expect(await updateSessionStatus(rivera, { sessionId: id, status: 'completed' })).toEqual({
      ok: false,
      outcome: 'not_scheduled',
      message: SESSION_STATUS_MESSAGES.not_scheduled,
    });
    expect(await updateSessionStatus(rivera, { sessionId: id, status: 'cancelled' })).toEqual({
      ok: false,
      outcome: 'not_scheduled',
      message: SESSION_STATUS_MESSAGES.not_scheduled,
    });
    expect(await stored(id)).toEqual(after);
  });

  it('lets exactly one of two simultaneous changes win', async () => {
    const id = await bookAs(THERAPISTS.rivera.id, riverasClient, '2032-02-04T10:00:00Z');
    const results = await Promise.all([
      updateSessionStatus(rivera, { sessionId: id, status: 'cancelled' }),
      updateSessionStatus(rivera, { sessionId: id, status: 'completed' }),
    ]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok)).toEqual([{ ok: false, outcome: 'not_scheduled', message: SESSION_STATUS_MESSAGES.not_scheduled }]);
  });
});

describe('a status change the database refuses', () => {
  it('answers "failed" with the screen message, logs the code and wording with the session, and changes nothing', async () => {
    const id = await bookAs(THERAPISTS.rivera.id, riverasClient, '2032-02-05T10:00:00Z');
    const before = await stored(id);
    const events: { event: string; context: EventContext }[] = [];
    const log = (event: string, context: EventContext) => events.push({ event, context });

    // Past the form's schema, straight to the data layer, so the database is the one refusing.
    const result = await updateSessionStatus(rivera, { sessionId: id, status: 'archived' as SessionOutcome }, { log });

    expect(result).toEqual({ ok: false, outcome: 'failed', message: SESSION_STATUS_MESSAGES.failed });
    expect(events).toEqual([
      {
        event: 'sessions.status_refused',
        context: expect.objectContaining({ level: 'error', step: 'update', sessionId: id, status: 'archived', code: INVALID_TEXT_REPRESENTATION }),
      },
    ]);
    expect(events[0]?.context.detail).toContain('archived');
    expect(result.ok ? '' : result.message).not.toContain('archived');
    expect(await stored(id)).toEqual(before);
  });

  it('logs nothing for a change it makes or a refusal it explains', async () => {
    const id = await bookAs(THERAPISTS.rivera.id, riverasClient, '2032-02-06T10:00:00Z');
    const events: unknown[] = [];
    const log = (event: string) => events.push(event);

    expect((await updateSessionStatus(rivera, { sessionId: id, status: 'cancelled' }, { log })).ok).toBe(true);
    expect(await updateSessionStatus(rivera, { sessionId: id, status: 'completed' }, { log })).toMatchObject({ ok: false, outcome: 'not_scheduled' });
    expect(events).toEqual([]);
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
