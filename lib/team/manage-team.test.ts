import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { verifyTherapist } from '@/lib/auth/therapist';
import { silentLogger } from '@/lib/observability/log';
import type { ProjectAClient } from '@/lib/supabase/clients';
import { serviceClients, sql, stack } from '@/lib/testing/stack-clients';
import { createTestMember, type TestMember } from '@/lib/testing/team-members';
import { createProjectAUserClient } from '@/lib/testing/user-client';
import { addMember, changeMemberRole, setMemberActive, TEAM_MESSAGES } from './manage-team';
import { listTeam, listTeamHistory } from './roster';

const log = silentLogger;
let service: ProjectAClient;
let admin: TestMember;

beforeAll(async () => {
  service = serviceClients().projectA;
  admin = await createTestMember(stack(), service, { role: 'admin', label: 'admin' });
});

const freshEmail = () => `new-${randomUUID().slice(0, 8)}@team.test`;

async function accountsWithEmail(email: string): Promise<number> {
  const rows = await sql<{ n: number }>('a', 'select count(*)::int as n from auth.users where email = $1', [email]);
  return rows[0]?.n ?? -1;
}

async function eventsFor(memberId: string) {
  return sql<{ action: string; actor_id: string | null; detail: Record<string, unknown> }>(
    'a',
    'select action::text, actor_id, detail from public.practice_member_events where member_id = $1 order by id',
    [memberId],
  );
}

async function membership(memberId: string) {
  const rows = await sql<{ role: string; active: boolean; must_choose_password: boolean; time_zone: string }>(
    'a',
    'select role::text, active, must_choose_password, time_zone from public.practice_members where user_id = $1',
    [memberId],
  );
  return rows[0] ?? null;
}

describe('adding a therapist', () => {
  it('on request, creates the account with a temporary password that signs in, an active membership, and its history entry', async () => {
    const email = freshEmail();
    const result = await addMember(
      service,
      admin.id,
      { email, displayName: '  Dr. New Person ', timeZone: 'Asia/Tokyo', role: 'therapist', handover: 'temporary_password' },
      { log },
    );
    if (!result.ok) throw new Error(result.message);
    if (result.handover.kind !== 'temporary_password') throw new Error('expected a temporary password');

    expect(result.handover.password).toMatch(/^\S{20}$/);
    expect(await membership(result.memberId)).toEqual({ role: 'therapist', active: true, must_choose_password: true, time_zone: 'Asia/Tokyo' });
    expect(await eventsFor(result.memberId)).toEqual([
      { action: 'added', actor_id: admin.id, detail: { display_name: 'Dr. New Person', time_zone: 'Asia/Tokyo', role: 'therapist' } },
    ]);

    const newcomer = createProjectAUserClient(stack().a.url, stack().a.publishableKey);
    expect((await newcomer.auth.signInWithPassword({ email, password: result.handover.password })).error).toBeNull();
    expect(await verifyTherapist(newcomer)).toMatchObject({
      id: result.memberId,
      fullName: 'Dr. New Person',
      isAdmin: false,
      mustChoosePassword: true,
    });

    const roster = await listTeam(await admin.signIn());
    expect(roster.find((member) => member.id === result.memberId)).toMatchObject({
      email,
      role: 'therapist',
      active: true,
      mustChoosePassword: true,
    });
  });

  it('refuses an e-mail that already has an account, and writes nothing', async () => {
    const taken = await createTestMember(stack(), service, { role: null, label: 'taken' });
    const before = await sql('a', 'select count(*)::int as n from public.practice_member_events where actor_id = $1', [admin.id]);

    const result = await addMember(
      service,
      admin.id,
      { email: taken.email, displayName: 'Someone', timeZone: 'UTC', role: 'admin', handover: 'invitation' },
      { log },
    );

    expect(result).toEqual({ ok: false, outcome: 'email_taken', message: TEAM_MESSAGES.email_taken });
    expect(await accountsWithEmail(taken.email)).toBe(1);
    expect(await membership(taken.id)).toBeNull();
    expect(await sql('a', 'select count(*)::int as n from public.practice_member_events where actor_id = $1', [admin.id])).toEqual(before);
  });

  it.each(['invitation', 'temporary_password'] as const)(
    'removes the account again when the database refuses the membership (an unknown zone), leaving nothing (%s)',
    async (handover) => {
      const email = freshEmail();
      // Past the form's schema, so the database's own zone check is the one refusing.
      const result = await addMember(
        service,
        admin.id,
        { email, displayName: 'Zone Less', timeZone: 'Mars/Olympus', role: 'therapist', handover },
        { log },
      );
      expect(result).toEqual({ ok: false, outcome: 'invalid_time_zone', message: TEAM_MESSAGES.invalid_time_zone });
      expect(await accountsWithEmail(email)).toBe(0);
    },
  );

  it.each([
    ['a therapist', 'therapist'],
    ['a deactivated admin', 'inactive-admin'],
    ['someone who is not a member', 'stranger'],
  ] as const)('refuses %s before any account is made', async (_name, kind) => {
    const caller = await createTestMember(stack(), service, {
      role: kind === 'stranger' ? null : kind === 'therapist' ? 'therapist' : 'admin',
      active: kind !== 'inactive-admin',
      label: kind,
    });
    const email = freshEmail();
    const result = await addMember(
      service,
      caller.id,
      { email, displayName: 'Not Added', timeZone: 'UTC', role: 'admin', handover: 'invitation' },
      { log },
    );
    expect(result).toEqual({ ok: false, outcome: 'not_admin', message: TEAM_MESSAGES.not_admin });
    expect(await accountsWithEmail(email)).toBe(0);
    expect(await sql('a', 'select 1 from public.practice_member_events where actor_id = $1', [caller.id])).toEqual([]);
  });
});

describe('changing a member', () => {
  it('refuses a non-admin and a non-member in the database itself, and changes nothing', async () => {
    const target = await createTestMember(stack(), service, { role: 'admin', label: 'target' });
    const therapist = await createTestMember(stack(), service, { role: 'therapist', label: 'therapist' });
    const stranger = await createTestMember(stack(), service, { role: null, label: 'stranger' });

    for (const actor of [therapist.id, stranger.id, randomUUID()]) {
      expect(await changeMemberRole(service, actor, { memberId: target.id, role: 'therapist' }, { log })).toMatchObject({
        ok: false,
        outcome: 'not_admin',
      });
      expect(await setMemberActive(service, actor, { memberId: target.id, active: false }, { log })).toMatchObject({
        ok: false,
        outcome: 'not_admin',
      });
      const direct = await service.rpc('set_member_active', { member: target.id, make_active: false, actor });
      expect(direct.error?.code).toBe('42501');
    }
    expect(await membership(target.id)).toMatchObject({ role: 'admin', active: true });
    expect(await eventsFor(target.id)).toEqual([]);
  });

  it('demotes and promotes, records from and to, and writes nothing when the role is already that', async () => {
    const member = await createTestMember(stack(), service, { role: 'admin', label: 'demoted' });

    expect(await changeMemberRole(service, admin.id, { memberId: member.id, role: 'therapist' }, { log })).toEqual({ ok: true, outcome: 'updated' });
    expect(await changeMemberRole(service, admin.id, { memberId: member.id, role: 'therapist' }, { log })).toEqual({
      ok: true,
      outcome: 'unchanged',
    });
    expect(await membership(member.id)).toMatchObject({ role: 'therapist' });
    // Admin rights come from the table on the next request, not from a token.
    expect(await verifyTherapist(await member.signIn())).toMatchObject({ isAdmin: false });

    expect(await changeMemberRole(service, admin.id, { memberId: member.id, role: 'admin' }, { log })).toEqual({ ok: true, outcome: 'updated' });
    expect(await eventsFor(member.id)).toEqual([
      { action: 'role_changed', actor_id: admin.id, detail: { from: 'admin', to: 'therapist' } },
      { action: 'role_changed', actor_id: admin.id, detail: { from: 'therapist', to: 'admin' } },
    ]);
  });

  it('answers not_found for an id that is not a member', async () => {
    expect(await setMemberActive(service, admin.id, { memberId: randomUUID(), active: false }, { log })).toEqual({
      ok: false,
      outcome: 'not_found',
      message: TEAM_MESSAGES.not_found,
    });
  });

  it('deactivating ends every session: the refresh fails, the old access token reads nothing; reactivating lets them in again', async () => {
    const member = await createTestMember(stack(), service, { role: 'therapist', label: 'leaver' });
    const signedIn = await member.signIn();
    const session = (await signedIn.auth.getSession()).data.session;
    if (!session) throw new Error('no session');

    expect(await setMemberActive(service, admin.id, { memberId: member.id, active: false }, { log })).toEqual({ ok: true, outcome: 'updated' });
    expect(await setMemberActive(service, admin.id, { memberId: member.id, active: false }, { log })).toEqual({ ok: true, outcome: 'unchanged' });

    const refreshed = await signedIn.auth.refreshSession({ refresh_token: session.refresh_token });
    expect(refreshed.error?.code).toBe('refresh_token_not_found');
    expect(await sql('a', 'select 1 from auth.sessions where user_id = $1', [member.id])).toEqual([]);
    const oldToken = createProjectAUserClient(stack().a.url, stack().a.publishableKey, session.access_token);
    // The auth server answers 403 session_not_found, which supabase-js reports as a missing session.
    const user = await oldToken.auth.getUser(session.access_token);
    expect(user.data.user).toBeNull();
    expect(user.error?.name).toBe('AuthSessionMissingError');
    // The access token's signature is still good until it expires; RLS gives it nothing.
    const rows = await oldToken.from('practice_members').select('user_id');
    expect(rows.error).toBeNull();
    expect(rows.data).toEqual([]);

    expect(await setMemberActive(service, admin.id, { memberId: member.id, active: true }, { log })).toEqual({ ok: true, outcome: 'updated' });
    expect(await verifyTherapist(await member.signIn())).toMatchObject({ id: member.id });
    expect((await eventsFor(member.id)).map((event) => [event.action, event.actor_id])).toEqual([
      ['deactivated', admin.id],
      ['reactivated', admin.id],
    ]);

    const history = await listTeamHistory(await admin.signIn(), 500);
    expect(history.filter((event) => event.memberId === member.id).map((event) => event.action)).toEqual(['reactivated', 'deactivated']);
  });

  it('lets only admins read the roster and the history', async () => {
    const therapist = await createTestMember(stack(), service, { role: 'therapist', label: 'reader' });
    const asTherapist = await therapist.signIn();
    await expect(listTeam(asTherapist)).rejects.toMatchObject({ code: '42501' });
    expect(await listTeamHistory(asTherapist)).toEqual([]);
  });
});
