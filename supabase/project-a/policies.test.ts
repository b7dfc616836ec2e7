import { randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ProjectAClient } from '@/lib/supabase/clients';
import { createProjectAUserClient } from '@/lib/testing/user-client';
import { nextStartTime, signedInAs, sql, stack, THERAPISTS } from '@/lib/testing/stack-clients';

const RIVERAS_CLIENT = THERAPISTS.rivera.linkedClient;
const CHENS_CLIENT = THERAPISTS.chen.linkedClient;

async function signToken(claims: Record<string, unknown>, secret: string, expiresInSeconds: number): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setIssuedAt(now)
    .setExpirationTime(now + expiresInSeconds)
    .sign(new TextEncoder().encode(secret));
}

async function restGet(path: string, headers: Record<string, string>): Promise<Response> {
  return fetch(`${stack().a.url}/rest/v1/${path}`, { headers });
}

describe('the Project A gateway and PostgREST', () => {
  it('refuses a request without an API key, and one with a key from another project', async () => {
    expect((await restGet('clients', {})).status).toBe(401);
    expect((await restGet('clients', { apikey: stack().b.anonKey })).status).toBe(401);
  });

  it('refuses an expired JWT and a JWT signed with the wrong secret', async () => {
    const { a } = stack();
    const claims = { sub: THERAPISTS.rivera.id, role: 'authenticated', aud: 'authenticated' };
    const expired = await signToken(claims, a.jwtSecret, -60);
    const forged = await signToken(claims, 'not-the-project-secret-not-the-project-secret', 3600);

    const expiredResponse = await restGet('clients', { apikey: a.anonKey, authorization: `Bearer ${expired}` });
    expect(expiredResponse.status).toBe(401);
    expect(((await expiredResponse.json()) as { code: string }).code).toBe('PGRST301');
    const forgedResponse = await restGet('clients', { apikey: a.anonKey, authorization: `Bearer ${forged}` });
    expect(forgedResponse.status).toBe(401);
  });

  it('gives the anon role nothing from Project A', async () => {
    const anon = createProjectAUserClient(stack().a.url, stack().a.publishableKey);
    for (const table of ['clients', 'sessions', 'care_team'] as const) {
      const { data, error } = await anon.from(table).select('*');
      // Either refused outright or an empty list: never a row.
      expect(data ?? []).toEqual([]);
      if (error) expect(error.code).toBe('42501');
    }
    const insert = await anon.from('clients').insert({ full_name: 'Anonymous insert' });
    expect(insert.error?.code).toBe('42501');
  });
});

describe('row level security between therapists', () => {
  let rivera: ProjectAClient;
  let chen: ProjectAClient;

  beforeAll(async () => {
    rivera = await signedInAs('rivera');
    chen = await signedInAs('chen');
  });

  it("hides another therapist's clients and sessions", async () => {
    const clients = await rivera.from('clients').select('id');
    expect(clients.data?.map((c) => c.id)).toContain(RIVERAS_CLIENT);
    expect(clients.data?.map((c) => c.id)).not.toContain(CHENS_CLIENT);

    const sessions = await rivera.from('sessions').select('therapist_id');
    expect(sessions.data?.length).toBeGreaterThan(0);
    expect(new Set(sessions.data?.map((s) => s.therapist_id))).toEqual(new Set([THERAPISTS.rivera.id]));

    const direct = await rivera.from('sessions').select('id').eq('therapist_id', THERAPISTS.chen.id);
    expect(direct.data).toEqual([]);
  });

  it('refuses a session for a client who is not on the therapist’s care team', async () => {
    const { error } = await rivera.from('sessions').insert({
      therapist_id: THERAPISTS.rivera.id,
      client_id: CHENS_CLIENT,
      starts_at: nextStartTime(),
      duration_minutes: 50,
    });
    expect(error?.code).toBe('23503');
    const rows = await sql('a', 'select 1 from public.sessions where client_id = $1 and therapist_id = $2', [CHENS_CLIENT, THERAPISTS.rivera.id]);
    expect(rows).toEqual([]);
  });

  it('refuses a session booked in another therapist’s name', async () => {
    const { error } = await rivera.from('sessions').insert({
      therapist_id: THERAPISTS.chen.id,
      client_id: CHENS_CLIENT,
      starts_at: nextStartTime(),
      duration_minutes: 50,
    });
    expect(error?.code).toBe('42501');
  });

  it("cannot change or cancel another therapist's sessions or clients", async () => {
    const [chensSession] = await sql<{ id: string; status: string; notes: string | null }>(
      'a',
      'select id, status, notes from public.sessions where therapist_id = $1 limit 1',
      [THERAPISTS.chen.id],
    );
    expect(chensSession).toBeDefined();
    const update = await rivera.from('sessions').update({ status: 'cancelled' }).eq('id', chensSession!.id).select();
    expect(update.data).toEqual([]);
    const [after] = await sql<{ status: string; notes: string | null }>('a', 'select status, notes from public.sessions where id = $1', [
      chensSession!.id,
    ]);
    expect(after).toEqual({ status: chensSession!.status, notes: chensSession!.notes });

    const clientUpdate = await chen.from('clients').update({ notes: 'hijacked' }).eq('id', RIVERAS_CLIENT).select();
    expect(clientUpdate.data).toEqual([]);
  });

  it('keeps ownership and provenance columns out of reach', async () => {
    const [own] = await sql<{ id: string }>('a', 'select id from public.sessions where therapist_id = $1 limit 1', [THERAPISTS.rivera.id]);
    const reassign = await rivera.from('sessions').update({ therapist_id: THERAPISTS.chen.id }).eq('id', own!.id);
    expect(reassign.error?.code).toBe('42501');
    const provenance = await rivera.from('clients').update({ origin: 'project_b' }).eq('id', RIVERAS_CLIENT);
    expect(provenance.error?.code).toBe('42501');
    const remove = await rivera.from('sessions').delete().eq('id', own!.id);
    expect(remove.error?.code).toBe('42501');
  });

  it('refuses direct writes to the care team', async () => {
    const { error } = await rivera.from('care_team').insert({ therapist_id: THERAPISTS.rivera.id, client_id: CHENS_CLIENT });
    expect(error?.code).toBe('42501');
  });

  it('leaves name and e-mail of a synced client to Project B, while A-owned fields stay editable', async () => {
    const id = randomUUID();
    await sql(
      'a',
      `insert into public.clients (id, full_name, email, origin, synced_at) values ($1, 'Synced Person', 'synced@partner.test', 'project_b', now())`,
      [id],
    );
    await sql('a', 'insert into public.care_team (therapist_id, client_id) values ($1, $2)', [THERAPISTS.rivera.id, id]);

    const rename = await rivera.from('clients').update({ full_name: 'Renamed' }).eq('id', id);
    expect(rename.error?.code).toBe('42501');
    const note = await rivera.from('clients').update({ phone: '+44 1234', notes: 'Practice note' }).eq('id', id).select('full_name, phone, notes');
    expect(note.data).toEqual([{ full_name: 'Synced Person', phone: '+44 1234', notes: 'Practice note' }]);
  });
});
