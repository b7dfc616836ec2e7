import { randomUUID } from 'node:crypto';
import type { PostgrestError } from '@supabase/supabase-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyVisitor } from '@/lib/auth/therapist';
import type { ProjectAClient } from '@/lib/supabase/clients';
import { addToPractice, createPracticeAccount, setMemberActive, type MemberRole, type PracticeAccount } from '@/lib/testing/practice-members';
import { freePort, startProjectGateway } from '@/lib/testing/stack';
import { nextStartTime, serviceClients, signInAccount, sql, stack } from '@/lib/testing/stack-clients';
import { createProjectAUserClient } from '@/lib/testing/user-client';
import { EXPECTED_RELATION_GRANTS } from './api-grants.expected';

/**
 * Project A's REST API as five people see it: an active member, a stranger who
 * signed themselves up, a deactivated member, an admin, and anon. Every table
 * the grants list names is read, so a table added later is covered the day it
 * is listed there.
 */

/** Everything in public that PostgREST serves rows from (sequences have none). */
const API_RELATIONS = Object.entries(EXPECTED_RELATION_GRANTS)
  .filter(([, relation]) => relation.kind !== 'sequence')
  .map(([name]) => name);

interface Person {
  id: string;
  client: ProjectAClient;
}

/** Rows of any listed relation through the REST API; the name is a string because the list is. */
function readAll(client: ProjectAClient, relation: string) {
  return client.from(relation as 'clients').select('*');
}

const signIn = signInAccount;

async function member(label: string, role: MemberRole = 'therapist'): Promise<PracticeAccount> {
  const { projectA } = serviceClients();
  const account = await createPracticeAccount(projectA, label);
  await addToPractice(projectA, account, role);
  return account;
}

/** A client on `therapistId`'s care team with a session and an audit event, written past RLS as the app's service paths would. */
async function clientWithHistory(therapistId: string, origin: 'native' | 'project_b', email: string): Promise<string> {
  const [row] = await sql<{ id: string }>(
    'a',
    `insert into public.clients (full_name, email, phone, notes, origin, synced_at, created_by)
     values ($1, $2, '+44 20 7946 0000', 'private notes', $3::public.client_origin,
             case when $3 = 'project_b' then now() end, case when $3 = 'native' then $4::uuid end)
     returning id`,
    [`Client ${randomUUID().slice(0, 8)}`, email, origin, therapistId],
  );
  const id = row?.id ?? '';
  await sql('a', 'insert into public.care_team (therapist_id, client_id) values ($1, $2)', [therapistId, id]);
  await sql('a', 'insert into public.sessions (therapist_id, client_id, starts_at, duration_minutes) values ($1, $2, $3, 50)', [
    therapistId,
    id,
    nextStartTime(),
  ]);
  await sql(
    'a',
    `insert into public.client_audit_events (client_id, action, outcome, source, actor_id) values ($1, 'copy', 'created', 'booking', $2)`,
    [id, therapistId],
  );
  return id;
}

/** An open e-mail conflict between a new native client and `syncedId`, both on `therapistId`'s care team. */
async function conflictOn(therapistId: string, syncedId: string): Promise<string> {
  const email = `shared-${randomUUID().slice(0, 8)}@example.com`;
  const nativeId = await clientWithHistory(therapistId, 'native', email);
  const [row] = await sql<{ id: string }>(
    'a',
    `insert into public.client_email_conflicts (native_client_id, synced_client_id, email, detected_via) values ($1, $2, $3, 'bulk') returning id`,
    [nativeId, syncedId, email],
  );
  return row?.id ?? '';
}

let selfSignUpGateway: Awaited<ReturnType<typeof startProjectGateway>>;
let activeMember: Person;
let otherMember: Person;
let admin: Person;
let stranger: Person;
let deactivated: Person;
let anon: ProjectAClient;
const ids = {
  memberClient: '',
  otherClient: '',
  strangerClient: '',
  deactivatedClient: '',
  syncRun: '',
  strangerConflict: '',
  deactivatedConflict: '',
};

beforeAll(async () => {
  const { a } = stack();
  const { projectA } = serviceClients();

  // The stranger signs themselves up, as anyone could on a hosted project that leaves
  // "Allow new users to sign up" on: a second gateway over the same Project A with
  // sign-ups on. Their token is then used against the stack's own gateway.
  selfSignUpGateway = await startProjectGateway({
    port: await freePort(),
    keys: a,
    signing: a.jwtSigning,
    dbUrl: a.dbUrl,
    postgrestSocket: a.postgrestSocket,
    disableSignup: false,
  });
  const strangerAccount = { email: `stranger-${randomUUID().slice(0, 8)}@example.com`, password: 'stranger-pass-1' };
  const signUp = await createProjectAUserClient(selfSignUpGateway.url, a.publishableKey).auth.signUp(strangerAccount);
  if (signUp.error || !signUp.data.user) throw new Error(`self sign-up failed: ${signUp.error?.message}`);
  stranger = { id: signUp.data.user.id, client: await signIn(strangerAccount) };

  const memberAccount = await member('member');
  const otherAccount = await member('other');
  const adminAccount = await member('admin', 'admin');
  const deactivatedAccount = await member('deactivated');
  activeMember = { id: memberAccount.id, client: await signIn(memberAccount) };
  otherMember = { id: otherAccount.id, client: await signIn(otherAccount) };
  admin = { id: adminAccount.id, client: await signIn(adminAccount) };
  anon = createProjectAUserClient(a.url, a.publishableKey);

  ids.memberClient = await clientWithHistory(activeMember.id, 'project_b', `member-${randomUUID().slice(0, 8)}@example.com`);
  ids.otherClient = await clientWithHistory(otherMember.id, 'native', `other-${randomUUID().slice(0, 8)}@example.com`);
  // What the stranger got before membership existed: booking a synced client put them
  // on its care team, with a session. They must still see none of it.
  ids.strangerClient = await clientWithHistory(stranger.id, 'project_b', `booked-${randomUUID().slice(0, 8)}@example.com`);
  ids.strangerConflict = await conflictOn(stranger.id, ids.strangerClient);

  // Signed in while active, then deactivated: the same token must lose everything.
  ids.deactivatedClient = await clientWithHistory(deactivatedAccount.id, 'native', `deact-${randomUUID().slice(0, 8)}@example.com`);
  const deactivatedSynced = await clientWithHistory(deactivatedAccount.id, 'project_b', `deact-b-${randomUUID().slice(0, 8)}@example.com`);
  ids.deactivatedConflict = await conflictOn(deactivatedAccount.id, deactivatedSynced);
  deactivated = { id: deactivatedAccount.id, client: await signIn(deactivatedAccount) };
  await setMemberActive(projectA, deactivatedAccount.id, false);

  // A finished run: a running bulk run would take the one bulk slot from other files' syncs.
  const [run] = await sql<{ id: string }>(
    'a',
    `insert into public.sync_runs (scope, source, actor_id, status, finished_at) values ('all', 'bulk', $1, 'succeeded', now()) returning id`,
    [adminAccount.id],
  );
  ids.syncRun = run?.id ?? '';
  await sql('a', `insert into public.practice_member_events (member_id, actor_id, action) values ($1, $2, 'deactivated')`, [
    deactivatedAccount.id,
    adminAccount.id,
  ]);
}, 60_000);

afterAll(async () => {
  await selfSignUpGateway?.stop();
});

type Outsider = 'stranger' | 'deactivated' | 'anon';
const OUTSIDERS: readonly Outsider[] = ['stranger', 'deactivated', 'anon'];

/** The outsider's client and the rows of theirs the fixture made (anon has none: it aims at the stranger's). */
function outsider(who: Outsider) {
  if (who === 'anon') return { client: anon, id: stranger.id, clientId: ids.strangerClient, conflictId: ids.strangerConflict };
  if (who === 'stranger') return { client: stranger.client, id: stranger.id, clientId: ids.strangerClient, conflictId: ids.strangerConflict };
  return { client: deactivated.client, id: deactivated.id, clientId: ids.deactivatedClient, conflictId: ids.deactivatedConflict };
}

/** anon holds no grant in A (refused with 42501); a signed-in outsider is let in and RLS leaves nothing. */
function expectNothing(who: Outsider, result: { data: unknown; error: PostgrestError | null }) {
  if (who === 'anon') {
    expect(result.error?.code).toBe('42501');
    expect(result.data ?? []).toEqual([]);
  } else {
    expect(result.error).toBeNull();
    expect(result.data).toEqual([]);
  }
}

describe('outsiders get nothing from the REST API', () => {
  it('lists every table the API serves', () => {
    expect(API_RELATIONS).toEqual(
      expect.arrayContaining(['clients', 'care_team', 'sessions', 'sync_runs', 'practice_members', 'practice_member_events']),
    );
  });

  it.each(OUTSIDERS)('%s reads 0 rows from every table in public', async (who) => {
    const { client } = outsider(who);
    for (const relation of API_RELATIONS) {
      const result = await readAll(client, relation);
      expect({ relation, rows: result.data ?? [] }).toEqual({ relation, rows: [] });
      expectNothing(who, result);
    }
  });

  it.each(OUTSIDERS)('%s cannot insert, update, or call the therapist functions', async (who) => {
    const { client, id, clientId, conflictId } = outsider(who);
    const name = `Outsider write ${randomUUID().slice(0, 8)}`;

    const booked = await client.from('sessions').insert({ therapist_id: id, client_id: clientId, starts_at: nextStartTime(), duration_minutes: 50 });
    expect(booked.error?.code).toBe('42501');
    const joined = await client.from('care_team').insert({ therapist_id: id, client_id: ids.memberClient });
    expect(joined.error?.code).toBe('42501');
    const promoted = await client.from('practice_members').insert({ user_id: id, display_name: name, role: 'admin' });
    expect(promoted.error?.code).toBe('42501');
    const reactivated = await client.from('practice_members').update({ active: true }).eq('user_id', id).select();
    expect(reactivated.error?.code).toBe('42501');

    expectNothing(who, await client.from('clients').update({ notes: name, phone: '000' }).eq('id', clientId).select('id'));
    expectNothing(who, await client.from('sessions').update({ status: 'cancelled' }).eq('client_id', clientId).select('id'));

    const created = await client.rpc('create_native_client', { full_name: name });
    expect(created.error?.code).toBe('42501');
    const resolved = await client.rpc('resolve_email_conflict', { conflict: conflictId, resolution: 'same_person' });
    expect(resolved.error?.code).toBe('42501');

    expect(await sql('a', 'select 1 from public.clients where full_name = $1 or notes = $1', [name])).toEqual([]);
    expect(await sql('a', `select notes, phone from public.clients where id = $1`, [clientId])).toEqual([
      { notes: 'private notes', phone: '+44 20 7946 0000' },
    ]);
    expect(await sql('a', `select status::text from public.sessions where client_id = $1`, [clientId])).toEqual([{ status: 'scheduled' }]);
    expect(await sql('a', 'select status::text from public.client_email_conflicts where id = $1', [conflictId])).toEqual([{ status: 'open' }]);
    expect(await sql('a', 'select role::text, active from public.practice_members where user_id = $1', [id])).toEqual(
      who === 'deactivated' ? [{ role: 'therapist', active: false }] : [],
    );
  });
});

describe('members see their own care team; admins also see the practice', () => {
  it('an active member sees exactly their care team, their sessions and themselves', async () => {
    const { client, id } = activeMember;
    const linked = await sql<{ client_id: string }>('a', 'select client_id from public.care_team where therapist_id = $1', [id]);
    const clients = await client.from('clients').select('id, phone, notes');
    expect(clients.error).toBeNull();
    expect(new Set(clients.data?.map((row) => row.id))).toEqual(new Set(linked.map((row) => row.client_id)));
    expect(clients.data).toContainEqual({ id: ids.memberClient, phone: '+44 20 7946 0000', notes: 'private notes' });

    const sessions = await client.from('sessions').select('therapist_id, client_id');
    expect(sessions.data).toEqual([{ therapist_id: id, client_id: ids.memberClient }]);
    const audit = await client.from('client_audit_events').select('client_id');
    expect(audit.data).toEqual([{ client_id: ids.memberClient }]);
    const team = await client.from('practice_members').select('user_id');
    expect(team.data).toEqual([{ user_id: id }]);
    expect((await client.from('sync_runs').select('id')).data).toEqual([]);
    expect((await client.from('practice_member_events').select('id')).data).toEqual([]);
  });

  it('an active member may call create_native_client, and gets the client on their care team', async () => {
    const name = `Member native ${randomUUID().slice(0, 8)}`;
    const { data, error } = await activeMember.client.rpc('create_native_client', { full_name: name });
    expect(error).toBeNull();
    expect(await sql('a', 'select therapist_id from public.care_team where client_id = $1', [data?.id])).toEqual([{ therapist_id: activeMember.id }]);
  });

  it('an admin sees sync runs, the whole team and its history, but not other care teams', async () => {
    const { client } = admin;
    const runs = await client.from('sync_runs').select('id');
    expect(runs.data?.map((run) => run.id)).toContain(ids.syncRun);
    const team = await client.from('practice_members').select('user_id, active');
    expect(team.data).toEqual(
      expect.arrayContaining([
        { user_id: activeMember.id, active: true },
        { user_id: deactivated.id, active: false },
      ]),
    );
    expect(team.data?.map((row) => row.user_id)).not.toContain(stranger.id);
    const events = await client.from('practice_member_events').select('member_id, action').eq('member_id', deactivated.id);
    expect(events.data).toEqual([{ member_id: deactivated.id, action: 'deactivated' }]);
    const otherTeams = await client.from('clients').select('id').in('id', [ids.memberClient, ids.otherClient, ids.strangerClient]);
    expect(otherTeams.data).toEqual([]);
  });
});

describe('membership is read on every request', () => {
  it('a deactivation takes effect on the next request with the same token, and a reactivation too', async () => {
    const { projectA } = serviceClients();
    const account = await member('toggled');
    const clientId = await clientWithHistory(account.id, 'native', `toggled-${randomUUID().slice(0, 8)}@example.com`);
    const client = await signIn(account);
    expect((await client.from('clients').select('id')).data).toEqual([{ id: clientId }]);

    await setMemberActive(projectA, account.id, false);
    expect((await client.from('clients').select('id')).data).toEqual([]);
    expect(await verifyVisitor(client)).toEqual({ status: 'not_a_member', userId: account.id, email: account.email });

    await setMemberActive(projectA, account.id, true);
    expect((await client.from('clients').select('id')).data).toEqual([{ id: clientId }]);
    expect(await verifyVisitor(client)).toMatchObject({ status: 'member', therapist: { id: account.id, fullName: account.name, isAdmin: false } });
  });

  it('tells the three kinds of visitor apart', async () => {
    expect(await verifyVisitor(anon)).toEqual({ status: 'signed_out' });
    expect(await verifyVisitor(stranger.client)).toMatchObject({ status: 'not_a_member', userId: stranger.id });
    expect(await verifyVisitor(admin.client)).toMatchObject({ status: 'member', therapist: { id: admin.id, isAdmin: true } });
  });
});
