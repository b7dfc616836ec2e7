import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { runForm } from '@/lib/forms/form-action';
import { sessionScopeOf } from '@/lib/sessions/list-sessions';
import type { ProjectAClient, ServiceClients } from '@/lib/supabase/clients';
import { formCallerFor } from '@/lib/testing/form-caller';
import { createPartnerPerson, insertClientOnCareTeam, nextStartTime, serviceClients, signedInMember, sql } from '@/lib/testing/stack-clients';
import { bookSessionForm } from './book-session';
import { createSession, type CreateSessionResult } from './create-session';
import { PAST_START_MESSAGE, type NewSession } from './session.schema';

let service: ServiceClients;

beforeAll(() => {
  service = serviceClients();
});

type Member = Awaited<ReturnType<typeof signedInMember>>;

const MINUTE = 60_000;

function sessionAt(member: Member, clientId: string, startsAt: string, durationMinutes = 50): NewSession {
  return { therapistId: member.id, clientId, startsAt, durationMinutes, sessionType: 'individual', notes: null, requestId: randomUUID() };
}

function book(member: Member, session: NewSession, options: Parameters<typeof createSession>[2] = {}): Promise<CreateSessionResult> {
  return createSession({ user: member.supabase, ...service }, session, { log: () => {}, ...options });
}

function later(iso: string, minutes: number): string {
  return new Date(Date.parse(iso) + minutes * MINUTE).toISOString();
}

async function sessionsOf(therapistId: string): Promise<{ id: string; starts_at: Date; status: string }[]> {
  return sql('a', 'select id, starts_at, status from public.sessions where therapist_id = $1 order by starts_at', [therapistId]);
}

async function clientOf(member: Member, name = `Client ${randomUUID().slice(0, 8)}`, also: string[] = []): Promise<string> {
  return insertClientOnCareTeam(service.projectA, { full_name: name, therapists: [member.id, ...also] });
}

function setStatus(user: ProjectAClient, sessionId: string, status: 'scheduled' | 'cancelled' | 'no_show') {
  return user.from('sessions').update({ status }).eq('id', sessionId).select('id').single();
}

describe('no double booking', () => {
  it('50 concurrent overlapping bookings for one therapist give one session and 49 refusals that name it, and nothing else', async () => {
    const member = await signedInMember('dr.concurrent');
    const clientIds = await sql<{ id: string }>(
      'a',
      `with made as (
         insert into public.clients (full_name, origin, created_by)
         select 'Concurrent ' || n, 'native', $1 from generate_series(1, 50) as n returning id
       ), linked as (insert into public.care_team (therapist_id, client_id) select $1, id from made)
       select id from made`,
      [member.id],
    );
    expect(clientIds).toHaveLength(50);
    // Start i is i minutes after the first, each 50 minutes long: every pair overlaps.
    const first = nextStartTime();
    const results = await Promise.all(clientIds.map(({ id }, i) => book(member, sessionAt(member, id, later(first, i)))));

    const booked = results.filter((result) => result.ok);
    const refused = results.filter((result) => !result.ok && result.outcome === 'overlap');
    expect(booked).toHaveLength(1);
    expect(refused).toHaveLength(49);
    expect(results.length - booked.length - refused.length).toBe(0);
    for (const refusal of refused) expect(refusal.ok || refusal.message).toMatch(/^You already have Concurrent \d+ \d\d:\d\d–\d\d:\d\d on /);
    expect(await sessionsOf(member.id)).toHaveLength(1);
  });

  it('allows back-to-back sessions: the slot is [start, end)', async () => {
    const member = await signedInMember('dr.backtoback');
    const start = nextStartTime();
    const middle = await book(member, sessionAt(member, await clientOf(member), later(start, 60)));
    const right = await book(member, sessionAt(member, await clientOf(member), later(start, 110)));
    const left = await book(member, sessionAt(member, await clientOf(member), later(start, 10)));
    expect([middle.ok, right.ok, left.ok]).toEqual([true, true, true]);
    // One minute into the middle one is an overlap.
    const oneMinuteIn = await book(member, sessionAt(member, await clientOf(member), later(start, 109), 15));
    expect(oneMinuteIn.ok || oneMinuteIn.outcome).toBe('overlap');
    expect(await sessionsOf(member.id)).toHaveLength(3);
  });

  it('a cancelled session or a no-show frees the slot, and cannot be put back over the one that took it', async () => {
    const member = await signedInMember('dr.cancelled');
    const clientId = await clientOf(member);
    const start = nextStartTime();
    const cancelled = await book(member, sessionAt(member, clientId, start));
    const noShow = await book(member, sessionAt(member, clientId, later(start, 120)));
    if (!cancelled.ok || !noShow.ok) throw new Error('the first bookings failed');
    expect((await setStatus(member.supabase, cancelled.session.id, 'cancelled')).error).toBeNull();
    expect((await setStatus(member.supabase, noShow.session.id, 'no_show')).error).toBeNull();

    const inCancelledSlot = await book(member, sessionAt(member, clientId, start));
    const inNoShowSlot = await book(member, sessionAt(member, clientId, later(start, 130)));
    expect([inCancelledSlot.ok, inNoShowSlot.ok]).toEqual([true, true]);

    // Undoing the cancellation now would double-book: every writer meets the rule, not just the form.
    const undo = await setStatus(member.supabase, cancelled.session.id, 'scheduled');
    expect(undo.error?.code).toBe('23P01');
    const statuses = (await sessionsOf(member.id)).map((row) => row.status);
    expect(statuses.sort()).toEqual(['cancelled', 'no_show', 'scheduled', 'scheduled']);
  });

  it('refuses a client in two sessions at once with two therapists, without showing the other therapist’s session', async () => {
    const first = await signedInMember('dr.first');
    const second = await signedInMember('dr.second');
    const name = `Shared Client ${randomUUID().slice(0, 8)}`;
    const clientId = await clientOf(first, name, [second.id]);
    const start = nextStartTime();
    expect((await book(first, sessionAt(first, clientId, start))).ok).toBe(true);

    const clash = await book(second, sessionAt(second, clientId, later(start, 30)));
    expect(clash).toEqual({ ok: false, outcome: 'overlap', message: `${name} is already booked at that time. Choose another time.` });
    expect(await sessionsOf(second.id)).toHaveLength(0);
    // Another client at that time is no clash for the second therapist.
    expect((await book(second, sessionAt(second, await clientOf(second), later(start, 30)))).ok).toBe(true);
  });

  it('says nothing of another care team’s client: an overlap with their session is still “Client not found”, and nothing is written', async () => {
    const owner = await signedInMember('dr.owner');
    const stranger = await signedInMember('dr.stranger');
    const clientId = await clientOf(owner);
    const start = nextStartTime();
    expect((await book(owner, sessionAt(owner, clientId, start))).ok).toBe(true);

    for (const clientSource of [undefined, 'project_b'] as const) {
      const probe = await book(stranger, sessionAt(stranger, clientId, start), { clientSource });
      expect(probe).toEqual({ ok: false, outcome: 'not_found', message: 'Client not found' });
    }
    expect(await sessionsOf(stranger.id)).toHaveLength(0);
    expect(await sql('a', 'select 1 from public.care_team where therapist_id = $1', [stranger.id])).toHaveLength(0);
  });

  it('books a synced client of another therapist at a free time of theirs, and names only the client when the time is taken', async () => {
    const first = await signedInMember('dr.synced.first');
    const second = await signedInMember('dr.synced.second');
    const person = await createPartnerPerson(service.projectB, { name: `Synced Person ${randomUUID().slice(0, 8)}` });
    const start = nextStartTime();
    expect((await book(first, sessionAt(first, person.id, start), { clientSource: 'project_b' })).ok).toBe(true);

    // Not on the second therapist's care team yet: the copy path links them, then the overlap speaks.
    const clash = await book(second, sessionAt(second, person.id, later(start, 10)));
    expect(clash).toEqual({ ok: false, outcome: 'overlap', message: `${person.name} is already booked at that time. Choose another time.` });
    expect((await book(second, sessionAt(second, person.id, later(start, 50)))).ok).toBe(true);
  });

  it('answers a repeated request id with its session, not as an overlap with itself, on the Project B copy path too', async () => {
    const member = await signedInMember('dr.repeat');
    const person = await createPartnerPerson(service.projectB, { name: `Repeat Person ${randomUUID().slice(0, 8)}` });
    const session = sessionAt(member, person.id, nextStartTime());
    const [one, two] = await Promise.all([
      book(member, session, { clientSource: 'project_b' }),
      book(member, session, { clientSource: 'project_b' }),
    ]);
    const again = await book(member, session);
    expect([one, two, again].every((result) => result.ok)).toBe(true);
    expect([one, two, again].filter((result) => result.ok && result.outcome === 'already_booked')).toHaveLength(2);
    expect(await sessionsOf(member.id)).toHaveLength(1);
  });
});

describe('the booking form', () => {
  function bookingForm(fields: Record<string, string>): FormData {
    const form = new FormData();
    const values = { durationMinutes: '50', sessionType: 'individual', notes: '', clientSource: '', requestId: randomUUID(), ...fields };
    for (const [field, value] of Object.entries(values)) form.set(field, value);
    return form;
  }

  it('shows an overlap on the start time, naming the clash in the therapist’s zone, and writes nothing', async () => {
    const member = await signedInMember('dr.newyork');
    await sql('a', `update public.practice_members set time_zone = 'America/New_York' where user_id = $1`, [member.id]);
    const maya = `Maya Okafor ${randomUUID().slice(0, 8)}`;
    const mayaId = await clientOf(member, maya);
    const form = bookSessionForm(service);
    const caller = formCallerFor(member.supabase);

    const first = await runForm(form, bookingForm({ clientId: mayaId, date: '2037-12-08', time: '10:00' }), caller);
    expect(first.status).toBe('finished');
    const requestId = randomUUID();
    const clash = await runForm(form, bookingForm({ clientId: await clientOf(member), date: '2037-12-08', time: '10:30', requestId }), caller);
    expect(clash).toMatchObject({
      status: 'error',
      fieldErrors: { time: [`You already have ${maya} 10:00–10:50 on Tue 8 Dec 2037. Choose another time.`] },
    });
    expect(await sql('a', 'select 1 from public.sessions where request_id = $1', [requestId])).toHaveLength(0);
  });

  it('books a past start only when the form says the session already took place, and lists it under Past', async () => {
    const member = await signedInMember('dr.past');
    const clientId = await clientOf(member);
    const caller = formCallerFor(member.supabase);
    // Yesterday at 09:00 UTC (the new member's zone).
    const yesterday = new Date(Date.now() - 24 * 60 * MINUTE).toISOString().slice(0, 10);
    const past = { clientId, date: yesterday, time: '09:00' };

    const unticked = await runForm(bookSessionForm(service), bookingForm(past), caller);
    expect(unticked).toMatchObject({ status: 'error', fieldErrors: { date: [PAST_START_MESSAGE] } });
    expect(await sessionsOf(member.id)).toHaveLength(0);

    const ticked = await runForm(bookSessionForm(service), bookingForm({ ...past, tookPlace: 'on' }), caller);
    if (ticked.status !== 'finished') throw new Error(`the past booking was refused: ${JSON.stringify(ticked)}`);
    expect(ticked.value.starts_at).toMatch(new RegExp(`^${yesterday}T09:00:00`));
    expect(sessionScopeOf(ticked.value.starts_at)).toBe('past');
    expect(await sessionsOf(member.id)).toHaveLength(1);
  });
});
