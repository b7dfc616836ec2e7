import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventContext } from '@/lib/observability/log';
import { createProjectBServiceClient, type ProjectAClient, type ProjectBClient, type ServiceClients } from '@/lib/supabase/clients';
import {
  createPartnerPerson,
  DEMO_CLIENTS,
  nextStartTime,
  serviceClients,
  signedInAs,
  sql,
  stack,
  THERAPISTS,
  type TherapistKey,
} from '@/lib/testing/stack-clients';
import { freePort, startProjectGateway } from '@/lib/testing/stack';
import { createSession, type BookingClients } from './create-session';
import type { NewSession } from './session.schema';

let service: ServiceClients;
const users = {} as Record<TherapistKey, ProjectAClient>;

beforeAll(async () => {
  service = serviceClients();
  users.rivera = await signedInAs('rivera');
  users.chen = await signedInAs('chen');
});

function clientsFor(therapist: TherapistKey, projectB: ProjectBClient = service.projectB): BookingClients {
  return { user: users[therapist], ...service, projectB };
}

function sessionFor(therapist: TherapistKey, clientId: string, overrides: Partial<NewSession> = {}): NewSession {
  return {
    therapistId: THERAPISTS[therapist].id,
    clientId,
    startsAt: nextStartTime(),
    durationMinutes: 50,
    sessionType: 'individual',
    notes: null,
    requestId: randomUUID(),
    ...overrides,
  };
}

async function countRows(table: 'clients' | 'sessions' | 'care_team', column: string, id: string): Promise<number> {
  const rows = await sql<{ n: string }>('a', `select count(*) as n from public.${table} where ${column} = $1`, [id]);
  return Number(rows[0]?.n);
}

function captureEvents() {
  const events: { event: string; context: EventContext }[] = [];
  return { events, log: (event: string, context: EventContext) => events.push({ event, context }) };
}

describe('createSession with a person who exists only in Project B', () => {
  it('copies the person into Project A with the same UUID and books the session', async () => {
    const person = await createPartnerPerson(service.projectB, { name: 'Ines Duarte', age: 33, genderIdentity: 'woman' });
    const { events, log } = captureEvents();

    const result = await createSession(clientsFor('rivera'), sessionFor('rivera', person.id, { notes: 'First contact' }), { log });

    expect(result).toMatchObject({ ok: true, outcome: 'copied' });
    const [client] = await sql('a', 'select * from public.clients where id = $1', [person.id]);
    expect(client).toMatchObject({
      id: person.id,
      full_name: 'Ines Duarte',
      email: person.email,
      phone: null,
      date_of_birth: null,
      origin: 'project_b',
      notes: 'Synced from Project B (age 33, woman)',
    });
    expect(client?.synced_at).toBeInstanceOf(Date);
    const [profile] = await sql<{ updated_at: Date }>('b', 'select updated_at from public.profiles where id = $1', [person.id]);
    expect((client?.source_updated_at as Date).toISOString()).toBe(profile?.updated_at.toISOString());
    expect(await countRows('care_team', 'client_id', person.id)).toBe(1);
    expect(await countRows('sessions', 'client_id', person.id)).toBe(1);
    expect(events).toEqual([
      { event: 'booking.create_session', context: expect.objectContaining({ outcome: 'copied', durationMs: expect.any(Number) }) },
    ]);
  });

  it('falls back to the e-mail local part when the B profile has no name', async () => {
    const person = await createPartnerPerson(service.projectB, { name: null, email: `nameless-${randomUUID().slice(0, 6)}@partner.test` });
    const result = await createSession(clientsFor('rivera'), sessionFor('rivera', person.id));
    expect(result.ok).toBe(true);
    const [client] = await sql<{ full_name: string }>('a', 'select full_name from public.clients where id = $1', [person.id]);
    expect(client?.full_name).toBe(person.email.split('@')[0]);
  });

  it('books an already-synced person without copying them again', async () => {
    const person = await createPartnerPerson(service.projectB);
    const first = await createSession(clientsFor('rivera'), sessionFor('rivera', person.id));
    const second = await createSession(clientsFor('rivera'), sessionFor('rivera', person.id));

    expect(first).toMatchObject({ ok: true, outcome: 'copied' });
    expect(second).toMatchObject({ ok: true, outcome: 'already_linked' });
    expect(await countRows('clients', 'id', person.id)).toBe(1);
    expect(await countRows('sessions', 'client_id', person.id)).toBe(2);
  });

  it('lets a second therapist book the same person: one client row, each sees only their own sessions', async () => {
    const person = await createPartnerPerson(service.projectB);
    const byRivera = await createSession(clientsFor('rivera'), sessionFor('rivera', person.id));
    const byChen = await createSession(clientsFor('chen'), sessionFor('chen', person.id));

    expect(byRivera).toMatchObject({ ok: true, outcome: 'copied' });
    expect(byChen).toMatchObject({ ok: true, outcome: 'already_synced' });
    expect(await countRows('clients', 'id', person.id)).toBe(1);
    expect(await countRows('care_team', 'client_id', person.id)).toBe(2);

    for (const therapist of ['rivera', 'chen'] as const) {
      const visibleClient = await users[therapist].from('clients').select('id').eq('id', person.id);
      expect(visibleClient.data).toHaveLength(1);
      const visibleSessions = await users[therapist].from('sessions').select('therapist_id').eq('client_id', person.id);
      expect(visibleSessions.data).toEqual([{ therapist_id: THERAPISTS[therapist].id }]);
    }
  });

  it('survives 20 concurrent first bookings from two therapists: 1 client row, 20 sessions, 0 errors', async () => {
    const person = await createPartnerPerson(service.projectB);
    const therapists: TherapistKey[] = Array.from({ length: 20 }, (_, i) => (i % 2 === 0 ? 'rivera' : 'chen'));

    const results = await Promise.all(therapists.map((t) => createSession(clientsFor(t), sessionFor(t, person.id))));

    expect(results.filter((r) => !r.ok)).toEqual([]);
    expect(await countRows('clients', 'id', person.id)).toBe(1);
    expect(await countRows('sessions', 'client_id', person.id)).toBe(20);
    expect(await countRows('care_team', 'client_id', person.id)).toBe(2);
    const copies = results.filter((r) => r.ok && r.outcome === 'copied');
    expect(copies).toHaveLength(1);
  });
});

describe('createSession refusals', () => {
  it('answers "Client not found" and writes nothing for an id in neither project', async () => {
    const ghost = randomUUID();
    const booking = sessionFor('rivera', ghost);

    const result = await createSession(clientsFor('rivera'), booking);

    expect(result).toEqual({ ok: false, outcome: 'not_found', message: 'Client not found' });
    expect(await countRows('clients', 'id', ghost)).toBe(0);
    expect(await countRows('care_team', 'client_id', ghost)).toBe(0);
    // No session under any client: the start time is this test's own (nextStartTime).
    const sessions = await sql('a', 'select 1 from public.sessions where therapist_id = $1 and starts_at = $2', [
      booking.therapistId,
      booking.startsAt,
    ]);
    expect(sessions).toHaveLength(0);
  });

  it("does not let a therapist join another therapist's native client by booking its id", async () => {
    const chensClient = THERAPISTS.chen.linkedClient;
    const result = await createSession(clientsFor('rivera'), sessionFor('rivera', chensClient));

    expect(result).toMatchObject({ ok: false, outcome: 'not_found' });
    const links = await sql('a', 'select 1 from public.care_team where client_id = $1 and therapist_id = $2', [chensClient, THERAPISTS.rivera.id]);
    expect(links).toHaveLength(0);
  });
});

describe('createSession while Project B is down', () => {
  let gateway: Awaited<ReturnType<typeof startProjectGateway>>;
  let projectBViaGateway: ProjectBClient;

  beforeAll(async () => {
    const { b } = stack();
    gateway = await startProjectGateway({
      port: await freePort(),
      keys: b,
      signing: b.jwtSigning,
      dbUrl: b.dbUrl,
      postgrestSocket: b.postgrestSocket,
    });
    projectBViaGateway = createProjectBServiceClient(gateway.url, b.secretKey);
  });

  afterAll(async () => {
    await gateway.stop();
  });

  it('gives a retryable error and writes nothing in A; booking a client already in A still works', async () => {
    const person = await createPartnerPerson(projectBViaGateway);
    await gateway.stop();

    const blocked = await createSession(clientsFor('rivera', projectBViaGateway), sessionFor('rivera', person.id));
    expect(blocked).toEqual({ ok: false, outcome: 'source_unavailable', message: 'Project B is unavailable, try again' });
    expect(await countRows('clients', 'id', person.id)).toBe(0);
    expect(await countRows('care_team', 'client_id', person.id)).toBe(0);
    expect(await countRows('sessions', 'client_id', person.id)).toBe(0);

    const practiceClient = THERAPISTS.rivera.linkedClient;
    const booked = await createSession(clientsFor('rivera', projectBViaGateway), sessionFor('rivera', practiceClient));
    expect(booked).toMatchObject({ ok: true, outcome: 'already_linked' });
  });

  it('gives up on a Project B that accepts connections but never answers, within the timeout', async () => {
    const hanging = createServer(() => {
      /* never responds */
    });
    await new Promise<void>((resolve) => hanging.listen(0, '127.0.0.1', resolve));
    const { port } = hanging.address() as AddressInfo;
    const slowB = createProjectBServiceClient(`http://127.0.0.1:${port}`, stack().b.serviceRoleKey, 300);
    try {
      const startedAt = performance.now();
      const result = await createSession(clientsFor('rivera', slowB), sessionFor('rivera', randomUUID()));
      expect(result).toMatchObject({ ok: false, outcome: 'source_unavailable' });
      expect(performance.now() - startedAt).toBeLessThan(5_000);
    } finally {
      hanging.closeAllConnections();
      await new Promise((resolve) => hanging.close(resolve));
    }
  });
});

describe('createSession with the picker’s hint', () => {
  it('copies a Project B person without the speculative insert', async () => {
    const person = await createPartnerPerson(service.projectB);
    const result = await createSession(clientsFor('chen'), sessionFor('chen', person.id), { clientSource: 'project_b' });
    expect(result).toMatchObject({ ok: true, outcome: 'copied' });
    expect(await countRows('sessions', 'client_id', person.id)).toBe(1);
  });

  it('still books a practice client when the hint is wrong', async () => {
    const riverasClient = DEMO_CLIENTS.tomasHerrera.id;
    const result = await createSession(clientsFor('rivera'), sessionFor('rivera', riverasClient), { clientSource: 'project_b' });
    expect(result).toMatchObject({ ok: true, outcome: 'already_linked' });
  });

  it('shares one copy among concurrent bookings of one person by one therapist', async () => {
    const person = await createPartnerPerson(service.projectB);
    const results = await Promise.all(
      Array.from({ length: 10 }, () => createSession(clientsFor('rivera'), sessionFor('rivera', person.id), { clientSource: 'project_b' })),
    );
    expect(results.filter((r) => !r.ok)).toEqual([]);
    expect(results.filter((r) => r.ok && r.outcome === 'copied')).toHaveLength(1);
    expect(await countRows('clients', 'id', person.id)).toBe(1);
    expect(await countRows('sessions', 'client_id', person.id)).toBe(10);
  });
});
