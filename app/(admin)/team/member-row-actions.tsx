'use client';

import { useActionState } from 'react';
import { ActionFeedback } from '@/app/_components/form-feedback';
import { idleFormState, type FormState } from '@/lib/forms/form-state';
import {
  MEMBER_ROLES,
  MEMBER_ROLE_LABELS,
  type ChangeRoleField,
  type MemberRole,
  type ResendInvitationField,
  type SetActiveField,
} from '@/lib/team/team.schema';
import { changeRoleAction, resendInvitationAction, setActiveAction } from './actions';

/** A pending invitation's "Resend invitation"; the answer says when the admin must wait first. */
function ResendInvitation({ memberId, name }: { memberId: string; name: string }) {
  const [state, action, pending] = useActionState<FormState<ResendInvitationField>, FormData>(resendInvitationAction, idleFormState);
  const feedbackId = `member-${memberId}-resend-feedback`;
  return (
    <form action={action} className="row-actions" data-test="resend-invitation-form" aria-describedby={feedbackId}>
      <input type="hidden" name="memberId" value={memberId} />
      <button type="submit" className="button small" disabled={pending} data-test="resend-invitation">
        Resend invitation<span className="visually-hidden"> to {name}</span>
      </button>
      <ActionFeedback id={feedbackId} state={state} pending={pending} dataTest="resend-invitation-feedback" />
    </form>
  );
}

/**
 * A team row's role picker and its Deactivate / Reactivate button, each its own form with its own
 * status line. A pending invitation has Resend instead of Reactivate: only their own password activates them.
 */
export function MemberRowActions({
  memberId,
  name,
  role,
  active,
  invitationPending,
}: {
  memberId: string;
  name: string;
  role: MemberRole;
  active: boolean;
  invitationPending: boolean;
}) {
  const [roleState, roleAction, rolePending] = useActionState<FormState<ChangeRoleField>, FormData>(changeRoleAction, idleFormState);
  const [activeState, activeAction, activePending] = useActionState<FormState<SetActiveField>, FormData>(setActiveAction, idleFormState);
  const roleId = `member-${memberId}-role`;
  return (
    <div className="row-actions">
      <form action={roleAction} className="row-actions" data-test="member-role-form" aria-describedby={`${roleId}-feedback`}>
        <input type="hidden" name="memberId" value={memberId} />
        <label htmlFor={roleId} className="visually-hidden">
          Role of {name}
        </label>
        <select id={roleId} name="role" defaultValue={role} key={role} data-test="member-role-select">
          {MEMBER_ROLES.map((option) => (
            <option key={option} value={option}>
              {MEMBER_ROLE_LABELS[option]}
            </option>
          ))}
        </select>
        <button type="submit" className="button small" disabled={rolePending} data-test="member-role-save">
          Save role<span className="visually-hidden"> of {name}</span>
        </button>
        <ActionFeedback id={`${roleId}-feedback`} state={roleState} pending={rolePending} dataTest="member-role-feedback" />
      </form>
      {invitationPending ? <ResendInvitation memberId={memberId} name={name} /> : null}
      {invitationPending ? null : (
        <form action={activeAction} className="row-actions" data-test="member-active-form" aria-describedby={`member-${memberId}-active-feedback`}>
          <input type="hidden" name="memberId" value={memberId} />
          <button
            type="submit"
            name="active"
            value={active ? 'false' : 'true'}
            className={active ? 'button small danger' : 'button small'}
            disabled={activePending}
            data-test={active ? 'deactivate-member' : 'reactivate-member'}
          >
            {active ? 'Deactivate' : 'Reactivate'}
            <span className="visually-hidden"> {name}</span>
          </button>
          <ActionFeedback id={`member-${memberId}-active-feedback`} state={activeState} pending={activePending} dataTest="member-active-feedback" />
        </form>
      )}
    </div>
  );
}
