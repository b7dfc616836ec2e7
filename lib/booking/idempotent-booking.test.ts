import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { runForm } from '@/lib/forms/form-action';
import type { ProjectAClient, ServiceClients } from '@/lib/supabase/clients';
import { silentLogger } from '@/lib/observability/log';
import { formCallerFor } from '@/lib/testing/form-caller';
import { createPartnerPerson, nextStartTime, serviceClients, signedInAs, sql, THERAPISTS, type TherapistKey } from '@/lib/testing/stack-clients';
import { bookSessionForm } from './book-session';
import { createSession } from './create-session';
import type { NewSession } from './session.schema';

let service: ServiceClients;
const users = {} as Record<TherapistKey, ProjectAClient>;

beforeAll(async () => {
  service = serviceClients();
  users.rivera = await signedInAs('rivera');
  users.chen = await signedInAs('chen');
});

/** The booking form as the browser sends it: one request id, made once, in every copy. */
function bookingForm(fields: Partial<Record<string, string>> = {}): FormData {
  const [date, time] = nextStartTime().split('T') as [string, string];
  const form = new FormData();
  const values = {
    clientId: THERAPISTS.rivera.linkedClient,
    date,
    time: time.slice(0, 5),
    durationMinutes: '50',
    sessionType: 'individual',
    notes: '',
    clientSource: '',
    requestId: randomUUID(),
    ...fields,
  };
  for (const [field, value] of Object.entries(values)) if (value !== undefined) form.set(field, value);
  return form;
}

/** Sends the form as the server action does: the caller verified with getUser() and their membership, then the form's own steps. */
function submitAs(therapist: TherapistKey, form: FormData) {
  const supabase = users[therapist];
  return runForm(bookSessionForm(service), form, formCallerFor(supabase));
}

async function sessionsOfRequest(therapist: TherapistKey, requestId: string): Promise<string[]> {
  const rows = await sql<{ id: string }>('a', 'select id from public.sessions where therapist_id = $1 and request_id = $2', [
    THERAPISTS[therapist].id,
    requestId,
  ]);
  return rows.map((row) => row.id);
}

function sessionFor(therapist: TherapistKey, clientId: string, requestId = randomUUID()): NewSession {
  return {
    therapistId: THERAPISTS[therapist].id,
    clientId,
    startsAt: nextStartTime(),
    durationMinutes: 50,
    sessionType: 'individual',
    notes: null,
    requestId,
  };
}

describe('one booking request, one session', () => {
  it('20 identical submissions of the form at once: 20 successes, all with the one session', async () => {
    const form = bookingForm();
    const requestId = form.get('requestId') as string;

    const results = await Promise.all(Array.from({ length: 20 }, () => submitAs('rivera', form)));

    expect(results.map((result) => result.status)).toEqual(Array(20).fill('finished'));
    const ids = new Set(results.map((result) => (result.status === 'finished' ? result.value.id : null)));
    expect([...ids]).toEqual(await sessionsOfRequest('rivera', requestId));
    expect(ids.size).toBe(1);
  });

  it('20 identical first bookings of a Project B person at once: one copy, one session, 19 already_booked', async () => {
    const person = await createPartnerPerson(service.projectB);
    const session = sessionFor('rivera', person.id);

    const results = await Promise.all(
      Array.from({ length: 20 }, () => createSession({ user: users.rivera, ...service }, session, { clientSource: 'project_b', log: silentLogger })),
    );

    expect(results.filter((result) => !result.ok)).toEqual([]);
    expect(results.filter((result) => result.outcome === 'already_booked')).toHaveLength(19);
    const booked = await sessionsOfRequest('rivera', session.requestId);
    expect(booked).toHaveLength(1);
    expect(new Set(results.map((result) => (result.ok ? result.session.id : null)))).toEqual(new Set(booked));
    expect(await sql('a', 'select id from public.clients where id = $1', [person.id])).toHaveLength(1);
  });

  it('a submission replayed after it succeeded answers with the same session', async () => {
    const form = bookingForm();
    const first = await submitAs('rivera', form);
    const replay = await submitAs('rivera', form);

    expect(first.status).toBe('finished');
    expect(replay).toEqual(first);
    expect(await sessionsOfRequest('rivera', form.get('requestId') as string)).toHaveLength(1);

    const session = sessionFor('rivera', THERAPISTS.rivera.linkedClient);
    const booked = await createSession({ user: users.rivera, ...service }, session, { log: silentLogger });
    const again = await createSession({ user: users.rivera, ...service }, session, { log: silentLogger });
    expect(booked).toMatchObject({ ok: true, outcome: 'already_linked' });
    expect(again).toEqual({ ...booked, outcome: 'already_booked' });
  });

  it('a replay of a Project B booking finds its session even with the hint, without copying again', async () => {
    const person = await createPartnerPerson(service.projectB);
    const session = sessionFor('chen', person.id);
    const booked = await createSession({ user: users.chen, ...service }, session, { clientSource: 'project_b', log: silentLogger });
    const again = await createSession({ user: users.chen, ...service }, session, { clientSource: 'project_b', log: silentLogger });

    expect(booked).toMatchObject({ ok: true, outcome: 'copied' });
    expect(again).toMatchObject({ ok: true, outcome: 'already_booked', session: booked.ok ? booked.session : {} });
    expect(await sessionsOfRequest('chen', session.requestId)).toHaveLength(1);
  });

  it('keeps request ids per therapist: the same id from another therapist is their own booking', async () => {
    const requestId = randomUUID();
    const riverasBooking = await createSession({ user: users.rivera, ...service }, sessionFor('rivera', THERAPISTS.rivera.linkedClient, requestId), {
      log: silentLogger,
    });
    const chensBooking = await createSession({ user: users.chen, ...service }, sessionFor('chen', THERAPISTS.chen.linkedClient, requestId), {
      log: silentLogger,
    });

    expect(riverasBooking).toMatchObject({ ok: true, outcome: 'already_linked' });
    expect(chensBooking).toMatchObject({ ok: true, outcome: 'already_linked', session: { therapist_id: THERAPISTS.chen.id } });
    expect(await sessionsOfRequest('rivera', requestId)).toHaveLength(1);
    expect(await sessionsOfRequest('chen', requestId)).toHaveLength(1);
  });

  it('a new request id is a new booking: with the same details it is refused as an overlap, not booked twice', async () => {
    const form = bookingForm();
    const again = bookingForm({ date: form.get('date') as string, time: form.get('time') as string, requestId: randomUUID() });

    const [first, second] = [await submitAs('rivera', form), await submitAs('rivera', again)];

    expect(first.status).toBe('finished');
    expect(second).toMatchObject({ status: 'error', fieldErrors: { time: [expect.stringMatching(/^You already have /)] } });
    expect(await sessionsOfRequest('rivera', again.get('requestId') as string)).toEqual([]);
  });
});

describe('a booking form without a valid request id', () => {
  const STALE_FORM = 'This booking form is out of date. Reload the page and book again.';

  it.each([
    ['not a UUID', 'retry-1'],
    ['empty', ''],
    ['missing', undefined],
    ['a UUID with more after it', `${randomUUID()}x`],
  ])('is refused when the id is %s, and nothing is written', async (_label, requestId) => {
    const notes = `request id ${randomUUID()}`;
    const result = await submitAs('rivera', bookingForm({ requestId, notes }));

    expect(result).toMatchObject({ status: 'error', fieldErrors: { requestId: [STALE_FORM] } });
    expect(await sql('a', 'select id from public.sessions where therapist_id = $1 and notes = $2', [THERAPISTS.rivera.id, notes])).toEqual([]);
  });
});
