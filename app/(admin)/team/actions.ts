'use server';

import { revalidatePath } from 'next/cache';
import { finished } from '@/lib/forms/form-action';
import type { FormState } from '@/lib/forms/form-state';
import { therapistFormAction, type SignedInTherapist } from '@/lib/forms/server-action';
import { getServiceClients } from '@/lib/supabase/service';
import { addMember, changeMemberRole, resendInvitation, setMemberActive, TEAM_MESSAGES, type ChangeMemberResult } from '@/lib/team/manage-team';
import {
  ADD_MEMBER_FIELDS,
  CHANGE_ROLE_FIELDS,
  MEMBER_ROLE_LABELS,
  RESEND_INVITATION_FIELDS,
  SET_ACTIVE_FIELDS,
  addMemberSchema,
  changeRoleSchema,
  resendInvitationSchema,
  setActiveSchema,
  type AddMemberField,
  type ChangeRoleField,
  type ResendInvitationField,
  type SetActiveField,
} from '@/lib/team/team.schema';

/**
 * What the admin reads once after adding someone: that the invitation went out, or the
 * temporary password to hand over.
 */
export interface AddMemberState extends FormState<AddMemberField> {
  handover?: { email: string; temporaryPassword?: string };
}

// The layout already answers non-admins with 403; actions are public endpoints and check again.
function notAdmin(actor: SignedInTherapist) {
  return actor.therapist.isAdmin ? null : ({ status: 'error', message: TEAM_MESSAGES.not_admin } as const);
}

export async function addMemberAction(_previous: AddMemberState, formData: FormData): Promise<AddMemberState> {
  return therapistFormAction(
    formData,
    {
      action: 'team.add_member',
      fields: ADD_MEMBER_FIELDS,
      schema: addMemberSchema,
      invalidMessage: 'Some fields need attention.',
      async handle(input, { actor, log }) {
        const refused = notAdmin(actor);
        if (refused) return refused;
        const result = await addMember(getServiceClients().projectA, actor.therapist.id, input, { log });
        log('team.member_added', { level: result.ok ? 'info' : 'warn', outcome: result.outcome, role: input.role, handover: input.handover });
        if (result.ok) {
          const { handover } = result;
          return finished(
            handover.kind === 'temporary_password' ? { email: input.email, temporaryPassword: handover.password } : { email: input.email },
          );
        }
        if (result.outcome === 'email_taken') return { status: 'error', message: result.message, fieldErrors: { email: [result.message] } };
        if (result.outcome === 'invalid_time_zone') return { status: 'error', message: result.message, fieldErrors: { timeZone: [result.message] } };
        return { status: 'error', message: result.message };
      },
    },
    (handover): AddMemberState => {
      revalidatePath('/team');
      const message = handover.temporaryPassword
        ? `Added ${handover.email}.`
        : `Invitation sent to ${handover.email}. They join the practice once they have set their password from the e-mail.`;
      return { status: 'success', message, handover };
    },
  );
}

function settled(result: ChangeMemberResult, done: string) {
  if (!result.ok) return { status: 'error', message: result.message } as const;
  return finished(result.outcome === 'updated' ? done : 'Nothing to change.');
}

function revalidated<Field extends string>(message: string): FormState<Field> {
  revalidatePath('/team');
  return { status: 'success', message };
}

export async function changeRoleAction(_previous: FormState<ChangeRoleField>, formData: FormData): Promise<FormState<ChangeRoleField>> {
  return therapistFormAction(
    formData,
    {
      action: 'team.change_role',
      fields: CHANGE_ROLE_FIELDS,
      schema: changeRoleSchema,
      invalidMessage: 'Choose therapist or admin.',
      async handle(input, { actor, log }) {
        const refused = notAdmin(actor);
        if (refused) return refused;
        const result = await changeMemberRole(getServiceClients().projectA, actor.therapist.id, input, { log });
        log('team.role_changed', { level: result.ok ? 'info' : 'warn', memberId: input.memberId, role: input.role, outcome: result.outcome });
        return settled(result, `Role set to ${MEMBER_ROLE_LABELS[input.role].toLowerCase()}.`);
      },
    },
    (message) => revalidated<ChangeRoleField>(message),
  );
}

export async function setActiveAction(_previous: FormState<SetActiveField>, formData: FormData): Promise<FormState<SetActiveField>> {
  return therapistFormAction(
    formData,
    {
      action: 'team.set_active',
      fields: SET_ACTIVE_FIELDS,
      schema: setActiveSchema,
      invalidMessage: 'Choose deactivate or reactivate.',
      async handle(input, { actor, log }) {
        const refused = notAdmin(actor);
        if (refused) return refused;
        const result = await setMemberActive(getServiceClients().projectA, actor.therapist.id, input, { log });
        log('team.active_changed', { level: result.ok ? 'info' : 'warn', memberId: input.memberId, active: input.active, outcome: result.outcome });
        return settled(result, input.active ? 'Reactivated.' : 'Deactivated and signed out.');
      },
    },
    (message) => revalidated<SetActiveField>(message),
  );
}

export async function resendInvitationAction(
  _previous: FormState<ResendInvitationField>,
  formData: FormData,
): Promise<FormState<ResendInvitationField>> {
  return therapistFormAction(
    formData,
    {
      action: 'team.resend_invitation',
      fields: RESEND_INVITATION_FIELDS,
      schema: resendInvitationSchema,
      invalidMessage: 'Unknown member. Refresh the page.',
      async handle(input, { actor, log }) {
        const refused = notAdmin(actor);
        if (refused) return refused;
        const result = await resendInvitation(getServiceClients().projectA, actor.therapist.id, input.memberId, { log });
        log('team.invitation_resent', { level: result.ok ? 'info' : 'warn', memberId: input.memberId, outcome: result.outcome });
        if (!result.ok) return { status: 'error', message: result.message };
        return finished('Invitation sent again. The link in the earlier e-mail no longer works.');
      },
    },
    (message) => revalidated<ResendInvitationField>(message),
  );
}
