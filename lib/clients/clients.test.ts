import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { runForm, type FormSpec } from '@/lib/forms/form-action';
import type { SignedInTherapist } from '@/lib/forms/server-action';
import type { ProjectAClient } from '@/lib/supabase/clients';
import { formCallerFor } from '@/lib/testing/form-caller';
import { createPracticeAccount } from '@/lib/testing/practice-members';
import { createProjectAUserClient } from '@/lib/testing/user-client';
import { insertClientOnCareTeam, serviceClients, signedInAs, sql, stack, THERAPISTS } from '@/lib/testing/stack-clients';
import type { ClientField } from './client.schema';
import { createNativeClient, getClient, listClientChoices, listClients, SAVE_CLIENT_MESSAGES, updateClient } from './clients';
import { clientEditForm, newClientForm } from './save-client';

let rivera: ProjectAClient;
let chen: ProjectAClient;
let service: ProjectAClient;
/** Every client this file creates, removed at the end (sessions first: they restrict the delete). */
const created: string[] = [];
/** Tags this run's rows so searches and counts see only them. */
const run = randomUUID().slice(0, 8);

/** Clients with exactly this name that the therapist created: each test's names carry `run`, so only its own rows count. */
async function clientsNamed(therapistId: string, fullName: string): Promise<number> {
  const rows = await sql<{ n: string }>('a', 'select count(*) as n from public.clients where created_by = $1 and full_name = $2', [
    therapistId,
    fullName,
  ]);
  return Number(rows[0]?.n);
}

async function insertClient(row: Omit<Parameters<typeof insertClientOnCareTeam>[1], 'id'>): Promise<string> {
  const id = await insertClientOnCareTeam(service, row);
  created.push(id);
  return id;
}

/** Sends a client form as the server action does: the caller verified with getUser(), then the form's own steps. */
function submitAs<Schema extends z.ZodType>(
  supabase: ProjectAClient,
  spec: FormSpec<ClientField, Schema, SignedInTherapist, string>,
  input: Record<string, string>,
) {
  const formData = new FormData();
  for (const [field, value] of Object.entries(input)) formData.set(field, value);
  return runForm(spec, formData, formCallerFor(supabase));
}

const submitNewClient = (supabase: ProjectAClient, input: Record<string, string>) => submitAs(supabase, newClientForm, input);
const submitClientEdit = (supabase: ProjectAClient, clientId: string, input: Record<string, string>) =>
  submitAs(supabase, clientEditForm(clientId), input);

async function storedClient(id: string) {
  const { data, error } = await service.from('clients').select('*').eq('id', id).single();
  if (error) throw error;
  return data;
}

beforeAll(async () => {
  rivera = await signedInAs('rivera');
  chen = await signedInAs('chen');
  service = serviceClients().projectA;
});

afterAll(async () => {
  if (!created.length) return;
  await sql('a', 'delete from public.sessions where client_id = any($1::uuid[])', [created]);
  await sql('a', 'delete from public.clients where id = any($1::uuid[])', [created]);
});

describe('creating a native client', () => {
  it('links the creator through create_native_client, and the other therapist cannot see the client', async () => {
    const result = await createNativeClient(rivera, {
      fullName: `Nadia Petrov ${run}`,
      email: `nadia.${run}@example.com`,
      phone: '+44 20 7946 0999',
      dateOfBirth: '1992-04-05',
      notes: 'Referred by a colleague.',
    });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    created.push(result.client.id);

    const links = await sql<{ therapist_id: string }>('a', 'select therapist_id from public.care_team where client_id = $1', [result.client.id]);
    expect(links.map((l) => l.therapist_id)).toEqual([THERAPISTS.rivera.id]);
    const row = await storedClient(result.client.id);
    expect(row).toMatchObject({ origin: 'native', created_by: THERAPISTS.rivera.id, status: 'active', date_of_birth: '1992-04-05' });

    expect((await getClient(rivera, result.client.id))?.full_name).toBe(`Nadia Petrov ${run}`);
    expect(await getClient(chen, result.client.id)).toBeNull();
    expect((await listClients(chen, { q: `Nadia Petrov ${run}` })).clients).toEqual([]);
    expect((await listClientChoices(chen)).map((c) => c.id)).not.toContain(result.client.id);

    const edit = await updateClient(chen, result.client.id, {
      fullName: 'Hijacked',
      email: null,
      phone: null,
      dateOfBirth: null,
      notes: null,
      status: 'discharged',
    });
    expect(edit).toMatchObject({ ok: false, outcome: 'not_found' });
    expect((await storedClient(result.client.id)).full_name).toBe(`Nadia Petrov ${run}`);
  });

  it('from the form: a caller who is not signed in is refused and nothing is written', async () => {
    const anonymous = createProjectAUserClient(stack().a.url, stack().a.publishableKey);
    const name = `Anonymous Attempt ${run}`;
    expect(await submitNewClient(anonymous, { fullName: name })).toEqual({ status: 'refused', reason: 'not_signed_in' });
    expect(await sql('a', 'select id from public.clients where full_name = $1', [name])).toEqual([]);
  });

  it('from the form: a signed-in account outside the practice is refused as not a member and nothing is written', async () => {
    const account = await createPracticeAccount(serviceClients().projectA, 'not-a-member');
    const outsider = createProjectAUserClient(stack().a.url, stack().a.publishableKey);
    const { error } = await outsider.auth.signInWithPassword(account);
    if (error) throw error;
    const name = `Outsider Attempt ${run}`;
    expect(await submitNewClient(outsider, { fullName: name })).toEqual({ status: 'refused', reason: 'not_a_member' });
    expect(await sql('a', 'select id from public.clients where full_name = $1', [name])).toEqual([]);
  });

  it('from the form: valid input creates exactly one client', async () => {
    const fullName = `Form Client ${run}`;
    const before = await clientsNamed(THERAPISTS.rivera.id, fullName);
    const result = await submitNewClient(rivera, { fullName, email: '', phone: '', dateOfBirth: '', notes: '' });
    expect(result.status).toBe('finished');
    if (result.status === 'finished') created.push(result.value);
    expect(await clientsNamed(THERAPISTS.rivera.id, fullName)).toBe(before + 1);
  });

  it.each([
    ['no name', { fullName: '' }, 'fullName'],
    ['a bad e-mail', { fullName: `Bad ${run}`, email: 'nope' }, 'email'],
    ['a long phone', { fullName: `Bad ${run}`, phone: '9'.repeat(41) }, 'phone'],
    ['a future date of birth', { fullName: `Bad ${run}`, dateOfBirth: '2999-01-01' }, 'dateOfBirth'],
    ['a date of birth before 1900', { fullName: `Bad ${run}`, dateOfBirth: '1850-01-01' }, 'dateOfBirth'],
    ['notes over 5000 characters', { fullName: `Bad ${run}`, notes: 'n'.repeat(5001) }, 'notes'],
  ])('from the form: %s gives a field error and writes nothing', async (_label, input, field) => {
    const before = await clientsNamed(THERAPISTS.rivera.id, input.fullName);
    const result = await submitNewClient(rivera, input);
    expect(result.status).toBe('error');
    if (result.status === 'error') expect(Object.keys(result.fieldErrors ?? {})).toEqual([field]);
    expect(await clientsNamed(THERAPISTS.rivera.id, input.fullName)).toBe(before);
  });
});

describe('editing a client', () => {
  it('saves every field of a practice client', async () => {
    const id = await insertClient({ full_name: `Edit Me ${run}`, therapists: [THERAPISTS.rivera.id] });
    const result = await submitClientEdit(rivera, id, {
      fullName: `Edited ${run}`,
      email: `edited.${run}@example.com`,
      phone: '0123',
      dateOfBirth: '1970-01-01',
      notes: 'Now weekly.',
      status: 'inactive',
    });
    expect(result).toEqual({ status: 'finished', value: id });
    expect(await storedClient(id)).toMatchObject({
      full_name: `Edited ${run}`,
      email: `edited.${run}@example.com`,
      phone: '0123',
      date_of_birth: '1970-01-01',
      notes: 'Now weekly.',
      status: 'inactive',
    });
  });

  it('writes nothing when a field is invalid', async () => {
    const id = await insertClient({ full_name: `Keep Me ${run}`, therapists: [THERAPISTS.rivera.id] });
    const before = await storedClient(id);
    const result = await submitClientEdit(rivera, id, { fullName: `Changed ${run}`, email: 'bad', phone: '1', status: 'active' });
    expect(result).toMatchObject({ status: 'error', fieldErrors: { email: [expect.any(String)] } });
    expect(await storedClient(id)).toEqual(before);
  });

  it('keeps name and e-mail of a Project B client, and saves the rest', async () => {
    const id = await insertClient({
      full_name: `Synced Person ${run}`,
      email: `synced.${run}@partner.test`,
      origin: 'project_b',
      therapists: [THERAPISTS.rivera.id],
    });
    const result = await submitClientEdit(rivera, id, {
      fullName: 'Renamed in A',
      email: 'renamed@example.com',
      phone: '+1 555 0100',
      dateOfBirth: '1985-06-07',
      notes: 'Synced, then annotated.',
      status: 'discharged',
    });
    expect(result).toEqual({ status: 'finished', value: id });
    expect(await storedClient(id)).toMatchObject({
      full_name: `Synced Person ${run}`,
      email: `synced.${run}@partner.test`,
      phone: '+1 555 0100',
      date_of_birth: '1985-06-07',
      notes: 'Synced, then annotated.',
      status: 'discharged',
    });

    // Straight to the data layer with a name change: the trigger refuses it.
    const direct = await updateClient(rivera, id, {
      fullName: 'Renamed in A',
      email: null,
      phone: null,
      dateOfBirth: null,
      notes: null,
      status: 'active',
    });
    expect(direct).toMatchObject({ ok: false, outcome: 'source_owned' });
    expect((await storedClient(id)).full_name).toBe(`Synced Person ${run}`);
  });

  it('does not find a client on another therapist’s care team', async () => {
    const id = await insertClient({ full_name: `Chen Only ${run}`, therapists: [THERAPISTS.chen.id] });
    const before = await storedClient(id);
    expect(await submitClientEdit(rivera, id, { fullName: 'Mine now', status: 'active' })).toMatchObject({
      status: 'error',
      message: SAVE_CLIENT_MESSAGES.not_found,
    });
    expect(await storedClient(id)).toEqual(before);
  });
});

describe('listClients', () => {
  it('shows the therapist’s clients with origin and their own session count', async () => {
    const shared = await insertClient({
      full_name: `Counted Person ${run}`,
      origin: 'project_b',
      therapists: [THERAPISTS.rivera.id, THERAPISTS.chen.id],
    });
    const sessions = [
      { therapist_id: THERAPISTS.rivera.id, starts_at: '2033-01-01T09:00:00Z' },
      { therapist_id: THERAPISTS.rivera.id, starts_at: '2033-01-02T09:00:00Z' },
      { therapist_id: THERAPISTS.rivera.id, starts_at: '2033-01-03T09:00:00Z' },
      { therapist_id: THERAPISTS.chen.id, starts_at: '2033-01-04T09:00:00Z' },
    ].map((s) => ({ ...s, client_id: shared, duration_minutes: 50 }));
    const inserted = await service.from('sessions').insert(sessions);
    if (inserted.error) throw inserted.error;

    const riverasView = (await listClients(rivera, { q: `Counted Person ${run}` })).clients;
    expect(riverasView).toEqual([
      expect.objectContaining({
        id: shared,
        origin: 'project_b',
        syncedAt: expect.stringMatching(/^2031-03-04T05:06:07/),
        sessionCount: 3,
      }),
    ]);
    const chensView = (await listClients(chen, { q: `Counted Person ${run}` })).clients;
    expect(chensView.map((c) => c.sessionCount)).toEqual([1]);
  });

  it('lists only the caller’s care team, sorted by name', async () => {
    const { clients } = await listClients(rivera);
    const ids = clients.map((c) => c.id);
    expect(ids).toContain(THERAPISTS.rivera.linkedClient);
    expect(ids).not.toContain(THERAPISTS.chen.linkedClient);
    const names = clients.map((c) => c.fullName);
    expect(names).toEqual([...names].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
  });

  it('searches name or e-mail, case-insensitively', async () => {
    const byName = await insertClient({
      full_name: `Oriane Vasquez ${run}`,
      email: `ov.${run}@example.com`,
      therapists: [THERAPISTS.rivera.id],
    });
    const byMail = await insertClient({
      full_name: `Someone Else ${run}`,
      email: `oriane.${run}@mail.test`,
      therapists: [THERAPISTS.rivera.id],
    });
    const ids = async (q: string) => (await listClients(rivera, { q })).clients.map((c) => c.id).sort();
    expect(await ids(`oriane vasquez ${run}`)).toEqual([byName]);
    expect(await ids(`ORIANE`)).toEqual(expect.arrayContaining([byName, byMail].sort()));
    expect(await ids(`oriane.${run}@MAIL`)).toEqual([byMail]);
  });

  describe('search escaping', () => {
    const names = {
      percent: `Zq 100% Sure ${run}`,
      percentLookalike: `Zq 100x Sure ${run}`,
      underscore: `Zq un_der ${run}`,
      underscoreLookalike: `Zq unXder ${run}`,
      comma: `Zq Smith, Jo ${run}`,
      parens: `Zq Jo (Joanna) ${run}`,
      quote: `Zq Jo "JJ" Ray ${run}`,
      backslash: `Zq back\\slash ${run}`,
      backslashLookalike: `Zq backslash ${run}`,
      star: `Zq st*r ${run}`,
      dots: `Zq a.b:c ${run}`,
    } as const;
    const ids = {} as Record<keyof typeof names, string>;

    beforeAll(async () => {
      for (const [key, full_name] of Object.entries(names) as [keyof typeof names, string][]) {
        ids[key] = await insertClient({ full_name, therapists: [THERAPISTS.rivera.id] });
      }
    });

    const search = async (q: string) => (await listClients(rivera, { q })).clients.map((c) => c.id).sort();

    it.each([
      ['%', '100% Sure', ['percent']],
      ['_', 'un_der', ['underscore']],
      [',', 'Smith, Jo', ['comma']],
      ['( )', '(Joanna)', ['parens']],
      ['"', '"JJ" Ray', ['quote']],
      ['\\', 'back\\slash', ['backslash']],
      ['. and :', 'a.b:c', ['dots']],
    ] as const)('treats %s as a literal character', async (_label, q, expected) => {
      expect(await search(`${q} ${run}`)).toEqual(expected.map((key) => ids[key]).sort());
    });

    it('finds a name with a * in it (PostgREST reads * in a like pattern as %, so it may find more)', async () => {
      expect(await search(`st*r ${run}`)).toEqual([ids.star]);
    });

    it('cannot widen the filter with or-syntax', async () => {
      expect(await search(`x),full_name.ilike.*`)).toEqual([]);
      expect(await search(`%`)).toEqual([ids.percent]);
      expect(await search(`_`)).toEqual([ids.underscore]);
    });
  });
});
