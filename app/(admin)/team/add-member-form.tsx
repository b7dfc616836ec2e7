'use client';

import { useActionState } from 'react';
import { Field } from '@/app/_components/field';
import { FormMessage } from '@/app/_components/form-feedback';
import { idleFormState } from '@/lib/forms/form-state';
import { MEMBER_ROLES, MEMBER_ROLE_LABELS } from '@/lib/team/team.schema';
import { addMemberAction, type AddMemberState } from './actions';

/**
 * "Add therapist": an invitation e-mail by default. The temporary password, the
 * second choice, lives only in this form's state: it is gone once the admin leaves
 * or reloads the page.
 */
export function AddMemberForm({ timeZones, defaultTimeZone }: { timeZones: string[]; defaultTimeZone: string }) {
  const [state, action, pending] = useActionState<AddMemberState, FormData>(addMemberAction, idleFormState);
  const errors = state.fieldErrors ?? {};
  const value = (field: keyof NonNullable<AddMemberState['values']>) => (state.status === 'error' ? state.values?.[field] : undefined);

  return (
    <div className="stack">
      {state.handover?.temporaryPassword ? (
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
        {state.handover?.temporaryPassword ? null : <FormMessage state={state} />}
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
          <button type="submit" name="handover" value="invitation" className="button primary" disabled={pending} data-test="add-member-submit">
            {pending ? 'Adding…' : 'Send invitation'}
          </button>
          <button
            type="submit"
            name="handover"
            value="temporary_password"
            className="button ghost"
            disabled={pending}
            aria-describedby="temporary-password-reason"
            data-test="add-member-temporary-password"
          >
            Create with a temporary password instead
          </button>
        </div>
        <p className="muted" id="temporary-password-reason">
          The invitation e-mail lets them choose their own password. Use a temporary password only while the practice&apos;s Supabase project cannot
          e-mail them: until custom SMTP is set up, a hosted project&apos;s built-in sender delivers only to the project team&apos;s own addresses,
          and only a few messages an hour.
        </p>
      </form>
    </div>
  );
}
