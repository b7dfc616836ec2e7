import {
  CHECK_VIOLATION,
  INSUFFICIENT_PRIVILEGE,
  INVALID_PARAMETER_VALUE,
  NO_DATA_FOUND,
  OBJECT_NOT_IN_PREREQUISITE_STATE,
  UNIQUE_VIOLATION,
  hasCode,
} from '@/lib/database/postgres-errors';
import { logEvent, type EventLogger } from '@/lib/observability/log';
import type { ProjectAClient } from '@/lib/supabase/clients';
import { provisionerFor, sendInvitation, type AccountProvisioner, type Handover } from './account-provisioning';
import type { AddMemberInput, MemberRole } from './team.schema';

/**
 * - not_admin: the caller is not an active admin (or not a member at all); nothing was written
 * - not_found: no member with that id
 * - last_admin: the change would leave the practice without an active admin
 * - email_taken: an account with that e-mail exists already
 * - invalid_time_zone: the database does not know the zone
 * - invitation_pending: only the invited therapist's own password activates them
 * - not_invited: the member has no invitation waiting (they accepted it, or were never invited)
 * - email_rate_limited: the auth server refused to send more e-mail for now
 * - link_opened: they opened the invitation (which confirmed the address) but set no password yet
 * - failed: the database or auth server refused; its wording is in the log only
 */
export type TeamFailure =
  | 'not_admin'
  | 'not_found'
  | 'last_admin'
  | 'email_taken'
  | 'invalid_time_zone'
  | 'invitation_pending'
  | 'not_invited'
  | 'email_rate_limited'
  | 'link_opened'
  | 'failed';

export const TEAM_MESSAGES: Record<TeamFailure, string> = {
  not_admin: 'Only practice admins can change the team.',
  not_found: 'That member was not found. Refresh the page.',
  last_admin: 'The practice needs at least one active admin. Make someone else an admin first.',
  email_taken: 'This e-mail already has an account.',
  invalid_time_zone: 'This time zone is not one the practice database knows. Choose another.',
  invitation_pending: 'They become active when they set their password from the invitation. Resend the invitation if it was lost.',
  not_invited: 'There is no invitation waiting for this member. Refresh the page.',
  link_opened:
    'They opened the invitation but have not set a password yet, so the auth server sends no second one. Ask them to use “Forgot password?” on the sign-in page: its link brings them back to set it.',
  email_rate_limited:
    'The auth server is not sending more e-mail right now (its hourly limit). Try again later, or create the account with a temporary password instead.',
  failed: 'The change could not be saved. Please try again.',
};

export type TeamFailureResult = { ok: false; outcome: TeamFailure; message: string };

function failure(outcome: TeamFailure): TeamFailureResult {
  return { ok: false, outcome, message: TEAM_MESSAGES[outcome] };
}

export type AddMemberResult = { ok: true; outcome: 'added'; memberId: string; handover: Handover } | TeamFailureResult;
export type ChangeMemberResult = { ok: true; outcome: 'updated' | 'unchanged' } | TeamFailureResult;

export interface TeamOptions {
  log?: EventLogger;
}

type DatabaseError = { code?: string; message: string; details?: string | null };

function failureOf(error: DatabaseError): TeamFailure {
  if (hasCode(error, INSUFFICIENT_PRIVILEGE)) return 'not_admin';
  if (hasCode(error, CHECK_VIOLATION)) return 'last_admin';
  if (hasCode(error, NO_DATA_FOUND)) return 'not_found';
  if (hasCode(error, INVALID_PARAMETER_VALUE)) return 'invalid_time_zone';
  if (hasCode(error, UNIQUE_VIOLATION)) return 'email_taken';
  if (hasCode(error, OBJECT_NOT_IN_PREREQUISITE_STATE)) return 'invitation_pending';
  return 'failed';
}

/**
 * The functions re-check under their lock; this read only keeps a non-admin
 * from creating an auth account that would then have to be removed again.
 */
async function isActiveAdmin(projectA: ProjectAClient, actorId: string): Promise<boolean> {
  const { data, error } = await projectA.from('practice_members').select('role, active').eq('user_id', actorId).maybeSingle();
  if (error) throw error;
  return data?.active === true && data.role === 'admin';
}

/**
 * Adds a therapist: the account first (by invitation unless the admin chose a temporary
 * password), then the membership and its history entry in one transaction: pending until
 * they set their own password for an invitation, active at once for a temporary password.
 * If the membership cannot be written, the account is removed again.
 */
export async function addMember(
  projectA: ProjectAClient,
  actorId: string,
  input: AddMemberInput,
  { log = logEvent, provisioner = provisionerFor(projectA, input.handover) }: TeamOptions & { provisioner?: AccountProvisioner } = {},
): Promise<AddMemberResult> {
  if (!(await isActiveAdmin(projectA, actorId))) return failure('not_admin');

  const account = await provisioner.create({ email: input.email, displayName: input.displayName });
  if (!account.ok) {
    if (account.outcome === 'failed') log('team.account_refused', { level: 'error', actorId, detail: account.detail });
    return failure(account.outcome);
  }

  const membership = { member: account.userId, display_name: input.displayName, time_zone: input.timeZone, role: input.role, actor: actorId };
  const { error } =
    provisioner.kind === 'invitation'
      ? await projectA.rpc('invite_practice_member', membership)
      : await projectA.rpc('add_practice_member', { ...membership, must_choose_password: true });
  if (error) {
    await provisioner.remove(account.userId);
    const outcome = failureOf(error);
    log('team.add_refused', { level: outcome === 'failed' ? 'error' : 'warn', actorId, outcome, code: error.code, detail: error.message });
    return failure(outcome);
  }
  return { ok: true, outcome: 'added', memberId: account.userId, handover: account.handover };
}

/**
 * The least time between two invitations to one address: GoTrue's per-address send
 * interval (GOTRUE_SMTP_MAX_FREQUENCY, 60 s on a hosted project as of 2026-12), which it
 * applies to reset and confirmation mails but not to /invite, so the app applies it here.
 */
export const INVITATION_RESEND_SECONDS = 60;

export type ResendResult =
  { ok: true; outcome: 'sent' } | { ok: false; outcome: 'too_soon'; waitSeconds: number; message: string } | TeamFailureResult;

function waitMessage(seconds: number): string {
  return `An invitation went to this address moments ago. You can send it again in ${seconds} second${seconds === 1 ? '' : 's'}.`;
}

/** Sends a pending member's invitation again (a fresh link; the old one stops working) and records it. */
export async function resendInvitation(
  projectA: ProjectAClient,
  actorId: string,
  memberId: string,
  { log = logEvent, intervalSeconds = INVITATION_RESEND_SECONDS }: TeamOptions & { intervalSeconds?: number } = {},
): Promise<ResendResult> {
  if (!(await isActiveAdmin(projectA, actorId))) return failure('not_admin');
  const member = await projectA.from('practice_members').select('display_name, invitation_pending').eq('user_id', memberId).maybeSingle();
  if (member.error) throw member.error;
  if (!member.data) return failure('not_found');
  if (!member.data.invitation_pending) return failure('not_invited');

  const wait = await projectA.rpc('invitation_resend_wait', { member: memberId, interval_seconds: intervalSeconds });
  if (wait.error) throw wait.error;
  if (wait.data > 0) return { ok: false, outcome: 'too_soon', waitSeconds: wait.data, message: waitMessage(wait.data) };

  const account = await projectA.auth.admin.getUserById(memberId);
  if (account.error || !account.data.user.email) {
    log('team.resend_refused', { level: 'error', actorId, memberId, detail: account.error?.message ?? 'no e-mail' });
    return failure('failed');
  }
  const sent = await sendInvitation(projectA, { email: account.data.user.email, displayName: member.data.display_name });
  if (!sent.ok) {
    // email_taken here: GoTrue invites only unconfirmed addresses, and opening the link confirmed theirs.
    const outcome: TeamFailure = sent.outcome === 'email_taken' ? 'link_opened' : sent.outcome;
    log('team.resend_refused', {
      level: outcome === 'failed' ? 'error' : 'warn',
      actorId,
      memberId,
      outcome,
      detail: 'detail' in sent ? sent.detail : undefined,
    });
    return failure(outcome);
  }
  const { error } = await projectA.rpc('record_invitation_resent', { member: memberId, actor: actorId });
  if (error) {
    const outcome = hasCode(error, OBJECT_NOT_IN_PREREQUISITE_STATE) ? 'not_invited' : failureOf(error);
    log('team.resend_refused', { level: 'error', actorId, memberId, outcome, code: error.code, detail: error.message });
    return failure(outcome);
  }
  return { ok: true, outcome: 'sent' };
}

async function changed(
  call: PromiseLike<{ data: boolean | null; error: DatabaseError | null }>,
  log: EventLogger,
  context: { step: string; actorId: string; memberId: string },
): Promise<ChangeMemberResult> {
  const { data, error } = await call;
  if (error) {
    const outcome = failureOf(error);
    log('team.change_refused', { level: outcome === 'failed' ? 'error' : 'warn', ...context, outcome, code: error.code, detail: error.message });
    return failure(outcome);
  }
  return { ok: true, outcome: data ? 'updated' : 'unchanged' };
}

/** Admin or therapist. The last active admin cannot be demoted (the database's trigger decides). */
export function changeMemberRole(
  projectA: ProjectAClient,
  actorId: string,
  input: { memberId: string; role: MemberRole },
  { log = logEvent }: TeamOptions = {},
): Promise<ChangeMemberResult> {
  return changed(projectA.rpc('change_member_role', { member: input.memberId, new_role: input.role, actor: actorId }), log, {
    step: 'role',
    actorId,
    memberId: input.memberId,
  });
}

/** Deactivating ends the member's auth sessions in the same transaction; the last active admin stays. */
export function setMemberActive(
  projectA: ProjectAClient,
  actorId: string,
  input: { memberId: string; active: boolean },
  { log = logEvent }: TeamOptions = {},
): Promise<ChangeMemberResult> {
  return changed(projectA.rpc('set_member_active', { member: input.memberId, make_active: input.active, actor: actorId }), log, {
    step: input.active ? 'reactivate' : 'deactivate',
    actorId,
    memberId: input.memberId,
  });
}
