import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { bookSessionForm } from '@/lib/booking/book-session';
import { newClientForm } from '@/lib/clients/save-client';
import type { ProjectAClient } from '@/lib/supabase/clients';
import { formCallerFor } from '@/lib/testing/form-caller';
import { insertClientOnCareTeam, serviceClients, signedInMember, sql } from '@/lib/testing/stack-clients';
import { CONTROL_CHARACTER_MESSAGE } from './field-schemas';
import { runForm, type FormSpec } from './form-action';
import type { SignedInTherapist } from './server-action';

/*
 * Input that only the shared field schemas stop: a NUL byte (Postgres would
 * refuse the row and the therapist would see "try again"), and durations that
 * Number() reads as 50 or 100. Each goes through the form's real steps as this
 * file's own practice member, and must come back as a field error with no row written.
 */

const run = randomUUID().slice(0, 8);
const createdUsers: string[] = [];
const createdClients: string[] = [];
let member: { id: string; supabase: ProjectAClient };
let clientId: string;

async function newMember(): Promise<{ id: string; supabase: ProjectAClient }> {
  const created = await signedInMember('bad-input');
  createdUsers.push(created.id);
  return created;
}

beforeAll(async () => {
  member = await newMember();
  clientId = await insertClientOnCareTeam(serviceClients().projectA, { full_name: `Bad Input Client ${run}`, therapists: [member.id] });
  createdClients.push(clientId);
});

afterAll(async () => {
  await sql('a', 'delete from public.sessions where therapist_id = any($1::uuid[])', [createdUsers]);
  await sql('a', 'delete from public.clients where id = any($1::uuid[]) or created_by = any($2::uuid[])', [createdClients, createdUsers]);
  await sql('a', 'delete from public.practice_members where user_id = any($1::uuid[])', [createdUsers]);
  for (const id of createdUsers) await serviceClients().projectA.auth.admin.deleteUser(id);
});

function submit<Field extends string, Schema extends z.ZodType, Value>(
  spec: FormSpec<Field, Schema, SignedInTherapist, Value>,
  input: Record<string, string>,
) {
  const formData = new FormData();
  for (const [field, value] of Object.entries(input)) formData.set(field, value);
  return runForm(spec, formData, formCallerFor(member.supabase));
}

/** The booking action's steps (app/(dashboard)/sessions/new/actions.ts) without its Next-only redirect. */
const bookingForm = bookSessionForm(serviceClients());

async function sessionsOfClient(): Promise<number> {
  const [row] = await sql<{ n: string }>('a', 'select count(*) as n from public.sessions where client_id = $1', [clientId]);
  return Number(row?.n);
}

const booking = (change: Record<string, string>) => ({
  clientId,
  date: '2032-05-04',
  time: `${String(8 + Math.floor(Math.random() * 10)).padStart(2, '0')}:${String(Math.floor(Math.random() * 12) * 5).padStart(2, '0')}`,
  durationMinutes: '50',
  sessionType: 'individual',
  notes: '',
  requestId: randomUUID(),
  ...change,
});

describe('bad input through the real forms', () => {
  it.each([
    ['a hexadecimal duration', { durationMinutes: '0x32' }, 'durationMinutes'],
    ['an exponent duration', { durationMinutes: '1e2' }, 'durationMinutes'],
    ['a duration with a decimal point', { durationMinutes: '50.0' }, 'durationMinutes'],
    ['a NUL byte in the notes', { notes: 'before\u0000after' }, 'notes'],
  ] as const)('booking with %s is a field error and books nothing', async (_label, change, field) => {
    const before = await sessionsOfClient();
    const result = await submit(bookingForm, booking(change));

    expect(result).toMatchObject({ status: 'error', fieldErrors: { [field]: [expect.any(String)] } });
    expect(await sessionsOfClient()).toBe(before);
  });

  it('the same booking with a plain duration is booked (the check above is not vacuous)', async () => {
    const before = await sessionsOfClient();
    const result = await submit(bookingForm, booking({ durationMinutes: '50', notes: 'line one\r\n\tline two' }));

    expect(result).toMatchObject({ status: 'finished' });
    expect(await sessionsOfClient()).toBe(before + 1);
    const [row] = await sql('a', 'select duration_minutes, notes from public.sessions where client_id = $1 order by created_at desc limit 1', [
      clientId,
    ]);
    expect(row).toEqual({ duration_minutes: 50, notes: 'line one\r\n\tline two' });
  });

  it.each([
    ['name', { fullName: `Nul\u0000Name ${run}` }, 'fullName'],
    ['phone', { fullName: `Nul Phone ${run}`, phone: '0123\u0000' }, 'phone'],
    ['notes', { fullName: `Nul Notes ${run}`, notes: 'x\u0000' }, 'notes'],
  ] as const)('a new client with a NUL byte in the %s is a field error and writes no client', async (_label, input, field) => {
    const result = await submit(newClientForm, input);

    expect(result).toMatchObject({ status: 'error', fieldErrors: { [field]: [CONTROL_CHARACTER_MESSAGE] } });
    // The one client this member already has is the fixture from beforeAll.
    expect(await sql('a', 'select id from public.clients where created_by = $1 and id <> $2', [member.id, clientId])).toEqual([]);
  });
});
