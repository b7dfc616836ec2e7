'use client';

import Link from 'next/link';
import { useActionState } from 'react';
import { Field } from '@/app/_components/field';
import { FormMessage } from '@/app/_components/form-feedback';
import { NotesField } from '@/app/_components/textarea-with-count';
import { type ClientField } from '@/lib/clients/client.schema';
import {
  CLIENT_STATUSES,
  CLIENT_STATUS_LABELS,
  MAX_CLIENT_NOTES_LENGTH,
  MAX_EMAIL_LENGTH,
  MAX_FULL_NAME_LENGTH,
  MAX_PHONE_LENGTH,
} from '@/lib/clients/client-options';
import { idleFormState, type FormState } from '@/lib/forms/form-state';

export type ClientFormAction = (previous: FormState<ClientField>, formData: FormData) => Promise<FormState<ClientField>>;

/**
 * New and edit client. For a client synced from Project B (`sourceOwned`),
 * name and e-mail are shown but not sent: Project B owns them.
 */
export function ClientForm({
  action,
  initial = {},
  mode,
  sourceOwned = false,
  cancelHref,
  maxDateOfBirth,
}: {
  action: ClientFormAction;
  initial?: Partial<Record<ClientField, string>>;
  mode: 'create' | 'edit';
  sourceOwned?: boolean;
  cancelHref: string;
  /** Yesterday (YYYY-MM-DD): the date picker offers only dates in the past. */
  maxDateOfBirth: string;
}) {
  const [state, formAction, pending] = useActionState<FormState<ClientField>, FormData>(action, idleFormState);
  const value = (field: ClientField) => state.values?.[field] ?? initial[field] ?? '';
  const errors = state.fieldErrors ?? {};

  return (
    <form action={formAction} className="card stack" noValidate data-test="client-form" aria-busy={pending}>
      <FormMessage state={state} />

      {sourceOwned ? (
        <div className="form-grid">
          {/* No name attribute: these are shown, never sent. */}
          <Field id="fullName" label="Full name" describedBy="source-owned-hint">
            {(control) => <input {...control} value={initial.fullName ?? ''} readOnly data-test="read-only-name" />}
          </Field>
          <Field id="email" label="E-mail" describedBy="source-owned-hint">
            {(control) => <input {...control} value={initial.email ?? ''} readOnly data-test="read-only-email" />}
          </Field>
          <p id="source-owned-hint" className="hint muted form-grid-note">
            Name and e-mail come from Project B and can only be changed there.
          </p>
        </div>
      ) : (
        <div className="form-grid">
          <Field id="fullName" label="Full name" errors={errors.fullName}>
            {(control) => (
              <input
                {...control}
                name="fullName"
                required
                maxLength={MAX_FULL_NAME_LENGTH}
                autoComplete="off"
                defaultValue={value('fullName')}
                data-test="client-full-name"
              />
            )}
          </Field>
          <Field id="email" label="E-mail" optional errors={errors.email}>
            {(control) => (
              <input
                {...control}
                name="email"
                type="email"
                maxLength={MAX_EMAIL_LENGTH}
                autoComplete="off"
                defaultValue={value('email')}
                data-test="client-email"
              />
            )}
          </Field>
        </div>
      )}

      <div className="form-grid">
        <Field id="phone" label="Phone" optional errors={errors.phone}>
          {(control) => (
            <input
              {...control}
              name="phone"
              type="tel"
              maxLength={MAX_PHONE_LENGTH}
              autoComplete="off"
              defaultValue={value('phone')}
              data-test="client-phone"
            />
          )}
        </Field>
        <Field id="dateOfBirth" label="Date of birth" optional errors={errors.dateOfBirth}>
          {(control) => (
            <input
              {...control}
              name="dateOfBirth"
              type="date"
              min="1900-01-02"
              max={maxDateOfBirth}
              defaultValue={value('dateOfBirth')}
              data-test="client-date-of-birth"
            />
          )}
        </Field>
        {mode === 'edit' ? (
          <Field id="status" label="Status" errors={errors.status}>
            {(control) => (
              <select {...control} name="status" defaultValue={value('status') || 'active'} data-test="client-status">
                {CLIENT_STATUSES.map((status) => (
                  <option key={status} value={status}>
                    {CLIENT_STATUS_LABELS[status]}
                  </option>
                ))}
              </select>
            )}
          </Field>
        ) : null}
      </div>

      <NotesField maxLength={MAX_CLIENT_NOTES_LENGTH} rows={5} defaultValue={value('notes')} errors={errors.notes} dataTest="client-notes" />

      <div className="form-actions">
        <button type="submit" className="button primary" disabled={pending} aria-busy={pending} data-test="save-client">
          {pending ? 'Saving…' : mode === 'create' ? 'Create client' : 'Save changes'}
        </button>
        <Link className="button ghost" href={cancelHref}>
          Cancel
        </Link>
      </div>
    </form>
  );
}
