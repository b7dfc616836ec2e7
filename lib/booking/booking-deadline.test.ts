import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProjectAClient, ServiceClients } from '@/lib/supabase/clients';
import { serviceClientsFor, signInAs, THERAPISTS } from '@/lib/testing/demo';
import { partnerProfileUpdater, signUpPartnerPerson } from '@/lib/testing/partner-sign-ups';
import { whilePostgrestHangs } from '@/lib/testing/postgrest-process';
import { nextStartTime } from '@/lib/testing/stack-clients';
import { startEphemeralStack, type LocalStack } from '@/lib/testing/stack';
import { BOOKING_DEADLINE_MS, BOOKING_FAILURE_MESSAGES, createSession, type CreateSessionResult } from './create-session';
import type { NewSession } from './session.schema';

/*
 * Project A's PostgREST hangs: it is frozen with SIGSTOP, so it keeps its
 * socket and database connections and answers nothing. This file starts a
 * stack of its own for that; the shared one stays untouched for the other
 * files running beside it.
 */

let stack: LocalStack;
let service: ServiceClients;
let rivera: ProjectAClient;

async function query<Row extends pg.QueryResultRow>(project: 'a' | 'b', text: string, values: unknown[] = []): Promise<Row[]> {
  const client = new pg.Client({ connectionString: stack[project].dbUrl });
  await client.connect();
  try {
    return (await client.query<Row>(text, values)).rows;
  } finally {
    await client.end();
  }
}

async function sessionsOfRequest(requestId: string): Promise<{ id: string }[]> {
  return query('a', 'select id from public.sessions where therapist_id = $1 and request_id = $2', [THERAPISTS.rivera.id, requestId]);
}

function newSession(clientId: string): NewSession {
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

/** Books while A hangs; answers with the result and how long the therapist waited for it. */
async function bookWhileAHangs(book: () => Promise<CreateSessionResult>): Promise<{ result: CreateSessionResult; waitedMs: number }> {
  return whilePostgrestHangs(stack.a.postgrestSocket, async () => {
    const startedAt = performance.now();
    const result = await book();
    return { result, waitedMs: performance.now() - startedAt };
  });
}

const TIMED_OUT = { ok: false, outcome: 'timed_out', message: BOOKING_FAILURE_MESSAGES.timed_out };

beforeAll(async () => {
  stack = await startEphemeralStack({ seed: true });
  service = serviceClientsFor(stack);
  rivera = await signInAs(stack, 'rivera');
});

afterAll(async () => {
  await stack?.stop();
});

describe('booking while Project A does not answer', () => {
  it('says so within 10 s in words a therapist can act on', () => {
    expect(BOOKING_FAILURE_MESSAGES.timed_out).toMatch(/^The practice database did not answer in time/);
    expect(BOOKING_FAILURE_MESSAGES.timed_out).toMatch(/safely .* again/);
    expect(BOOKING_FAILURE_MESSAGES.timed_out).not.toMatch(/Project A|PostgREST|timeout/i);
  });

  it('answers timed_out for a practice client at the deadline; the late write and the retry are one session', async () => {
    const session = newSession(THERAPISTS.rivera.linkedClient);

    const { result, waitedMs } = await bookWhileAHangs(() => createSession({ user: rivera, ...service }, session));

    expect(result).toEqual(TIMED_OUT);
    expect(waitedMs).toBeGreaterThanOrEqual(BOOKING_DEADLINE_MS - 50);
    expect(waitedMs).toBeLessThan(10_000);
    // The insert the deadline cut off was already on its way: A writes it once it runs again, after the therapist was told.
    await expect.poll(async () => (await sessionsOfRequest(session.requestId)).length, { timeout: 5_000 }).toBe(1);

    const retry = await createSession({ user: rivera, ...service }, session);

    expect(retry).toMatchObject({ ok: true, outcome: 'already_booked' });
    const rows = await sessionsOfRequest(session.requestId);
    expect(rows).toEqual([{ id: retry.ok ? retry.session.id : 'none' }]);
  });

  it('answers timed_out while copying a Project B person, and the retry joins the copy and books once', async () => {
    const updateProfile = partnerProfileUpdater((text, values) => query('b', text, values));
    const person = await signUpPartnerPerson(service.projectB, { name: 'Noor Haddad' }, updateProfile);
    const session = newSession(person.id);

    // B still answers; the adoption call and the insert in A hang.
    const { result, waitedMs } = await bookWhileAHangs(() => createSession({ user: rivera, ...service }, session, { clientSource: 'project_b' }));

    expect(result).toEqual(TIMED_OUT);
    expect(waitedMs).toBeLessThan(10_000);

    const retry = await createSession({ user: rivera, ...service }, session, { clientSource: 'project_b' });

    expect(retry).toMatchObject({ ok: true });
    expect(await sessionsOfRequest(session.requestId)).toEqual([{ id: retry.ok ? retry.session.id : 'none' }]);
    expect(await query('a', 'select id from public.clients where id = $1', [person.id])).toHaveLength(1);
    expect(
      await query('a', 'select 1 from public.care_team where therapist_id = $1 and client_id = $2', [THERAPISTS.rivera.id, person.id]),
    ).toHaveLength(1);
  });

  it('books normally again once Project A answers', async () => {
    const result = await createSession({ user: rivera, ...service }, newSession(THERAPISTS.rivera.linkedClient));
    expect(result).toMatchObject({ ok: true, outcome: 'already_linked' });
  });
});
