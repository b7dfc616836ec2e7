import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { verifyVisitor } from '@/lib/auth/therapist';
import { runForm } from '@/lib/forms/form-action';
import { silentLogger } from '@/lib/observability/log';
import type { ProjectAClient } from '@/lib/supabase/clients';
import { linkIn, mailboxReader, type MailboxMessage } from '@/lib/testing/mailbox';
import { serviceClients, sql, stack } from '@/lib/testing/stack-clients';
import { createTestMember, type TestMember } from '@/lib/testing/team-members';
import { createProjectAUserClient } from '@/lib/testing/user-client';
import { AFTER_INVITATION_PATH, acceptInvitationForm, invitedAccountCaller } from './accept-invitation';
import { INVITATION_RESEND_SECONDS, TEAM_MESSAGES, addMember, resendInvitation, setMemberActive } from './manage-team';
import { listTeam } from './roster';

/** Inviting a therapist end to end on the real stack: the auth server's e-mail, its link, the password, the membership. */
const log = silentLogger;
const mailbox = () => mailboxReader(stack().mailboxUrl);
const anon = () => createProjectAUserClient(stack().a.url, stack().a.publishableKey);
let service: ProjectAClient;
let admin: TestMember;

beforeAll(async () => {
  service = serviceClients().projectA;
  admin = await createTestMember(stack(), service, { role: 'admin', label: 'inviter' });
});

const freshEmail = () => `invited-${randomUUID().slice(0, 8)}@team.test`;

async function invite(email: string, actorId = admin.id) {
  const result = await addMember(
    service,
    actorId,
    { email, displayName: 'Dr. Invited', timeZone: 'Europe/Lisbon', role: 'therapist', handover: 'invitation' },
    { log },
  );
  if (!result.ok) throw new Error(result.message);
  return result.memberId;
}

async function membership(memberId: string) {
  const rows = await sql<{ active: boolean; invitation_pending: boolean; must_choose_password: boolean }>(
    'a',
    'select active, invitation_pending, must_choose_password from public.practice_members where user_id = $1',
    [memberId],
  );
  return rows[0] ?? null;
}

async function eventsFor(memberId: string) {
  return sql<{ action: string; actor_id: string | null }>(
    'a',
    'select action::text, actor_id from public.practice_member_events where member_id = $1 order by id',
    [memberId],
  );
}

function tokenHashOf(message: MailboxMessage): string {
  const link = new URL(linkIn(message, /\/auth\/confirm/));
  expect(link.searchParams.get('type')).toBe('invite');
  return link.searchParams.get('token_hash') ?? '';
}

/** Follows the invitation's link the way /auth/confirm does. */
async function openLink(tokenHash: string) {
  const client = anon();
  const { error } = await client.auth.verifyOtp({ token_hash: tokenHash, type: 'invite' });
  return { client, error };
}

function setPassword(client: ProjectAClient, password: string, confirmPassword = password) {
  const data = new FormData();
  data.set('password', password);
  data.set('confirmPassword', confirmPassword);
  return runForm(
    acceptInvitationForm,
    data,
    invitedAccountCaller(async () => ({ supabase: client, service }), log),
  );
}

describe('inviting a therapist', () => {
  it('e-mails a once-only link; the membership waits until they set a password, then they are an active member', async () => {
    const email = freshEmail();
    const memberId = await invite(email);

    const message = await mailbox().waitForMessage(email, { kind: 'invite' });
    expect(message.subject).toBe("You're invited to CareBridge");
    expect(message.text).toContain('Dr. Invited');
    expect(await membership(memberId)).toEqual({ active: false, invitation_pending: true, must_choose_password: false });
    expect(await eventsFor(memberId)).toEqual([{ action: 'invited', actor_id: admin.id }]);
    const roster = await listTeam(await admin.signIn());
    expect(roster.find((member) => member.id === memberId)).toMatchObject({ email, active: false, invitationPending: true });

    const tokenHash = tokenHashOf(message);
    const { client, error } = await openLink(tokenHash);
    expect(error).toBeNull();
    // Signed in from the link but not yet a member: the non-member page and no rows.
    expect(await verifyVisitor(client)).toMatchObject({ status: 'not_a_member' });
    for (const table of ['practice_members', 'clients', 'sessions'] as const) {
      const rows = await client.from(table).select('*');
      expect(rows.error).toBeNull();
      expect(rows.data).toEqual([]);
    }

    const password = `own-${randomUUID().slice(0, 8)}`;
    expect(await setPassword(client, password)).toEqual({ status: 'finished', value: AFTER_INVITATION_PATH });
    expect(await membership(memberId)).toEqual({ active: true, invitation_pending: false, must_choose_password: false });
    expect(await eventsFor(memberId)).toEqual([
      { action: 'invited', actor_id: admin.id },
      { action: 'activated', actor_id: memberId },
    ]);
    expect(await verifyVisitor(client)).toMatchObject({ status: 'member', therapist: { id: memberId, fullName: 'Dr. Invited' } });

    const again = anon();
    expect((await again.auth.signInWithPassword({ email, password })).error).toBeNull();
    expect(await verifyVisitor(again)).toMatchObject({ status: 'member' });

    // The link worked once.
    expect((await openLink(tokenHash)).error?.code).toBe('otp_expired');
  });

  it('refuses an expired link', async () => {
    const email = freshEmail();
    const memberId = await invite(email);
    const tokenHash = tokenHashOf(await mailbox().waitForMessage(email, { kind: 'invite' }));
    // An hour is the link's life (hosted's mailer OTP expiry).
    await sql('a', "update auth.users set confirmation_sent_at = now() - interval '61 minutes' where id = $1", [memberId]);
    expect((await openLink(tokenHash)).error?.code).toBe('otp_expired');
    expect(await membership(memberId)).toMatchObject({ active: false, invitation_pending: true });
  });

  it('keeps a password below the minimum out and the membership pending', async () => {
    const email = freshEmail();
    const memberId = await invite(email);
    const { client } = await openLink(tokenHashOf(await mailbox().waitForMessage(email, { kind: 'invite' })));
    expect(await setPassword(client, 'short')).toMatchObject({ status: 'error', fieldErrors: { password: ['Use at least 6 characters'] } });
    expect(await setPassword(client, 'long-enough', 'different')).toMatchObject({
      status: 'error',
      fieldErrors: { confirmPassword: ['The two passwords differ'] },
    });
    expect(await membership(memberId)).toMatchObject({ active: false, invitation_pending: true });
    expect((await eventsFor(memberId)).map((event) => event.action)).toEqual(['invited']);
  });

  it('lets nobody but the invited account use the set-your-password form', async () => {
    const member = await createTestMember(stack(), service, { role: 'therapist', label: 'already-in' });
    expect(await setPassword(await member.signIn(), 'whatever-password')).toEqual({ status: 'refused', reason: 'not_a_member' });
    expect(await setPassword(anon(), 'whatever-password')).toEqual({ status: 'refused', reason: 'not_signed_in' });
  });

  it('refuses an e-mail that has an account: a field error, no e-mail, nothing written', async () => {
    const taken = await createTestMember(stack(), service, { role: null, label: 'taken' });
    const result = await addMember(
      service,
      admin.id,
      { email: taken.email, displayName: 'Someone', timeZone: 'UTC', role: 'therapist', handover: 'invitation' },
      { log },
    );
    expect(result).toEqual({ ok: false, outcome: 'email_taken', message: TEAM_MESSAGES.email_taken });
    expect(await membership(taken.id)).toBeNull();
    expect(await mailbox().list(taken.email)).toEqual([]);
  });

  it('refuses a therapist and a stranger before any account or e-mail', async () => {
    for (const role of ['therapist', null] as const) {
      const caller = await createTestMember(stack(), service, { role, label: 'not-admin' });
      const email = freshEmail();
      const result = await addMember(
        service,
        caller.id,
        { email, displayName: 'Not Invited', timeZone: 'UTC', role: 'admin', handover: 'invitation' },
        { log },
      );
      expect(result).toEqual({ ok: false, outcome: 'not_admin', message: TEAM_MESSAGES.not_admin });
      expect(await sql('a', 'select 1 from auth.users where email = $1', [email])).toEqual([]);
      expect(await mailbox().list(email)).toEqual([]);
    }
  });

  it('does not let an admin activate a pending invitation: only their own password does', async () => {
    const memberId = await invite(freshEmail());
    expect(await setMemberActive(service, admin.id, { memberId, active: true }, { log })).toEqual({
      ok: false,
      outcome: 'invitation_pending',
      message: TEAM_MESSAGES.invitation_pending,
    });
    expect(await membership(memberId)).toMatchObject({ active: false, invitation_pending: true });
  });
});

describe('resending an invitation', () => {
  it('asks the admin to wait within the interval, then sends a fresh link that replaces the old one, and records it', async () => {
    const email = freshEmail();
    const memberId = await invite(email);
    const first = await mailbox().waitForMessage(email, { kind: 'invite' });

    const tooSoon = await resendInvitation(service, admin.id, memberId, { log });
    expect(tooSoon).toMatchObject({ ok: false, outcome: 'too_soon' });
    if (tooSoon.outcome !== 'too_soon') throw new Error('expected too_soon');
    expect(tooSoon.waitSeconds).toBeGreaterThan(0);
    expect(tooSoon.waitSeconds).toBeLessThanOrEqual(INVITATION_RESEND_SECONDS);
    expect(tooSoon.message).toContain(`${tooSoon.waitSeconds} second`);
    expect(await mailbox().list(email)).toHaveLength(1);

    // The interval itself is the database's arithmetic; with none left, the resend goes out.
    expect(await resendInvitation(service, admin.id, memberId, { log, intervalSeconds: 0 })).toEqual({ ok: true, outcome: 'sent' });
    const second = await mailbox().waitForMessage(email, { kind: 'invite', after: first });
    expect(await eventsFor(memberId)).toEqual([
      { action: 'invited', actor_id: admin.id },
      { action: 'invitation_resent', actor_id: admin.id },
    ]);

    expect((await openLink(tokenHashOf(first))).error?.code).toBe('otp_expired');
    const { client, error } = await openLink(tokenHashOf(second));
    expect(error).toBeNull();
    expect(await setPassword(client, `own-${randomUUID().slice(0, 8)}`)).toMatchObject({ status: 'finished' });

    // Accepted: nothing left to resend.
    expect(await resendInvitation(service, admin.id, memberId, { log, intervalSeconds: 0 })).toEqual({
      ok: false,
      outcome: 'not_invited',
      message: TEAM_MESSAGES.not_invited,
    });
  });

  it('tells the admin when they opened the link but set no password, and a reset link lets them finish', async () => {
    const email = freshEmail();
    const memberId = await invite(email);
    expect((await openLink(tokenHashOf(await mailbox().waitForMessage(email, { kind: 'invite' })))).error).toBeNull();

    expect(await resendInvitation(service, admin.id, memberId, { log, intervalSeconds: 0 })).toEqual({
      ok: false,
      outcome: 'link_opened',
      message: TEAM_MESSAGES.link_opened,
    });
    expect((await eventsFor(memberId)).map((event) => event.action)).toEqual(['invited']);

    expect((await anon().auth.resetPasswordForEmail(email)).error).toBeNull();
    const reset = await mailbox().waitForMessage(email, { kind: 'recovery' });
    const client = anon();
    const tokenHash = new URL(linkIn(reset, /\/auth\/confirm/)).searchParams.get('token_hash') ?? '';
    expect((await client.auth.verifyOtp({ token_hash: tokenHash, type: 'recovery' })).error).toBeNull();
    expect(await setPassword(client, `own-${randomUUID().slice(0, 8)}`)).toMatchObject({ status: 'finished' });
    expect(await membership(memberId)).toMatchObject({ active: true, invitation_pending: false });
  });

  it('is refused to a non-admin, with no e-mail and no history', async () => {
    const email = freshEmail();
    const memberId = await invite(email);
    const therapist = await createTestMember(stack(), service, { role: 'therapist', label: 'resender' });
    expect(await resendInvitation(service, therapist.id, memberId, { log, intervalSeconds: 0 })).toEqual({
      ok: false,
      outcome: 'not_admin',
      message: TEAM_MESSAGES.not_admin,
    });
    expect(await mailbox().list(email)).toHaveLength(1);
    expect((await eventsFor(memberId)).map((event) => event.action)).toEqual(['invited']);
  });
});
