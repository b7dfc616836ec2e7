'use client';

import { useActionState } from 'react';
import { Field } from '@/app/_components/field';
import { FormMessage } from '@/app/_components/form-feedback';
import { idleFormState } from '@/lib/forms/form-state';
import { MEMBER_ROLES, MEMBER_ROLE_LABELS } from '@/lib/team/team.schema';
import { addMemberAction, type AddMemberState } from './actions';

/**
 * "Add therapist". The temporary password lives only in this form's state:
 * it is gone once the admin leaves or reloads the page.
 */
export function AddMemberForm({ timeZones, defaultTimeZone }: { timeZones: string[]; defaultTimeZone: string }) {
  const [state, action, pending] = useActionState<AddMemberState, FormData>(addMemberAction, idleFormState);
  const errors = state.fieldErrors ?? {};
  const value = (field: keyof NonNullable<AddMemberState['values']>) => (state.status === 'error' ? state.values?.[field] : undefined);

  return (
    <div className="stack">
      {state.handover ? (
        <div className="notice success" role="status" data-test="member-handover">
          <p>
            Give <strong>{state.handover.email}</strong> this temporary password. It is shown only now; they choose their own when they first sign in.
          </p>
          <p>
            <code data-test="temporary-password">{state.handover.temporaryPassword}</code>
          </p>
        </div>
      ) : null}
      <form action={action} className="card stack" noValidate data-test="add-member-form" aria-busy={pending}>
        {state.handover ? null : <FormMessage state={state} />}
        <div className="form-grid">
          <Field id="member-email" label="E-mail" errors={errors.email} errorId="email-error">
            {(control) => <input {...control} name="email" type="email" autoComplete="off" required maxLength={254} defaultValue={value('email')} />}
          </Field>
          <Field id="member-name" label="Name" errors={errors.displayName} errorId="displayName-error">
            {(control) => <input {...control} name="displayName" autoComplete="off" required maxLength={200} defaultValue={value('displayName')} />}
          </Field>
          <Field id="member-time-zone" label="Time zone" errors={errors.timeZone} errorId="timeZone-error">
            {(control) => (
              <select {...control} name="timeZone" defaultValue={value('timeZone') ?? defaultTimeZone} key={state.values?.timeZone}>
                {timeZones.map((zone) => (
                  <option key={zone} value={zone}>
                    {zone}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field id="member-role" label="Role" errors={errors.role} errorId="role-error">
            {(control) => (
              <select {...control} name="role" defaultValue={value('role') ?? 'therapist'}>
                {MEMBER_ROLES.map((role) => (
                  <option key={role} value={role}>
                    {MEMBER_ROLE_LABELS[role]}
                  </option>
                ))}
              </select>
            )}
          </Field>
        </div>
        <div className="form-actions">
          <button type="submit" className="button primary" disabled={pending} data-test="add-member-submit">
            {pending ? 'Adding…' : 'Add therapist'}
          </button>
        </div>
      </form>
    </div>
  );
}
