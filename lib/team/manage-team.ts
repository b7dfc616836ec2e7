import {
  CHECK_VIOLATION,
  INSUFFICIENT_PRIVILEGE,
  INVALID_PARAMETER_VALUE,
  NO_DATA_FOUND,
  UNIQUE_VIOLATION,
  hasCode,
} from '@/lib/database/postgres-errors';
import { logEvent, type EventLogger } from '@/lib/observability/log';
import type { ProjectAClient } from '@/lib/supabase/clients';
import { temporaryPasswordAccounts, type AccountProvisioner, type Handover } from './account-provisioning';
import type { AddMemberInput, MemberRole } from './team.schema';

/**
 * - not_admin: the caller is not an active admin (or not a member at all); nothing was written
 * - not_found: no member with that id
 * - last_admin: the change would leave the practice without an active admin
 * - email_taken: an account with that e-mail exists already
 * - invalid_time_zone: the database does not know the zone
 * - failed: the database or auth server refused; its wording is in the log only
 */
export type TeamFailure = 'not_admin' | 'not_found' | 'last_admin' | 'email_taken' | 'invalid_time_zone' | 'failed';

export const TEAM_MESSAGES: Record<TeamFailure, string> = {
  not_admin: 'Only practice admins can change the team.',
  not_found: 'That member was not found. Refresh the page.',
  last_admin: 'The practice needs at least one active admin. Make someone else an admin first.',
  email_taken: 'This e-mail already has an account.',
  invalid_time_zone: 'This time zone is not one the practice database knows. Choose another.',
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
 * Adds a therapist: the account first (the provisioner decides how they get
 * in), then the membership and its history entry in one transaction. If the
 * membership cannot be written, the account is removed again.
 */
export async function addMember(
  projectA: ProjectAClient,
  actorId: string,
  input: AddMemberInput,
  { log = logEvent, provisioner = temporaryPasswordAccounts(projectA) }: TeamOptions & { provisioner?: AccountProvisioner } = {},
): Promise<AddMemberResult> {
  if (!(await isActiveAdmin(projectA, actorId))) return failure('not_admin');

  const account = await provisioner.create({ email: input.email, displayName: input.displayName });
  if (!account.ok) {
    if (account.outcome === 'failed') log('team.account_refused', { level: 'error', actorId, detail: account.detail });
    return failure(account.outcome);
  }

  const { error } = await projectA.rpc('add_practice_member', {
    member: account.userId,
    display_name: input.displayName,
    time_zone: input.timeZone,
    role: input.role,
    must_choose_password: provisioner.mustChoosePassword,
    actor: actorId,
  });
  if (error) {
    await provisioner.remove(account.userId);
    const outcome = failureOf(error);
    log('team.add_refused', { level: outcome === 'failed' ? 'error' : 'warn', actorId, outcome, code: error.code, detail: error.message });
    return failure(outcome);
  }
  return { ok: true, outcome: 'added', memberId: account.userId, handover: account.handover };
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
