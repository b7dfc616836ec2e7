'use client';

import Link from 'next/link';
import { useActionState } from 'react';
import { FieldError, FormMessage } from '@/app/_components/form-feedback';
import { NotesField } from '@/app/_components/textarea-with-count';
import { type ClientField } from '@/lib/clients/client.schema';
import { CLIENT_STATUSES, CLIENT_STATUS_LABELS, MAX_CLIENT_NOTES_LENGTH, MAX_EMAIL_LENGTH, MAX_FULL_NAME_LENGTH, MAX_PHONE_LENGTH } from '@/lib/clients/client-options';
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
  const invalid = (field: ClientField) => Boolean(errors[field]?.length);

  return (
    <form action={formAction} className="card stack" noValidate data-test="client-form" aria-busy={pending}>
      <FormMessage state={state} />

      {sourceOwned ? (
        <div className="form-grid">
          {/* No name attribute: these are shown, never sent. */}
          <div className="field">
            <label htmlFor="fullName">Full name</label>
            <input id="fullName" value={initial.fullName ?? ''} readOnly aria-describedby="source-owned-hint" data-test="read-only-name" />
          </div>
          <div className="field">
            <label htmlFor="email">E-mail</label>
            <input id="email" value={initial.email ?? ''} readOnly aria-describedby="source-owned-hint" data-test="read-only-email" />
          </div>
          <p id="source-owned-hint" className="hint muted form-grid-note">
            Name and e-mail come from Project B and can only be changed there.
          </p>
        </div>
      ) : (
        <div className="form-grid">
          <div className="field">
            <label htmlFor="fullName">Full name</label>
            <input
              id="fullName"
              name="fullName"
              required
              maxLength={MAX_FULL_NAME_LENGTH}
              autoComplete="off"
              defaultValue={value('fullName')}
              aria-invalid={invalid('fullName')}
              aria-describedby="fullName-error"
              data-test="client-full-name"
            />
            <FieldError id="fullName-error" errors={errors.fullName} />
          </div>
          <div className="field">
            <label htmlFor="email">
              E-mail <span className="muted">(optional)</span>
            </label>
            <input
              id="email"
              name="email"
              type="email"
              maxLength={MAX_EMAIL_LENGTH}
              autoComplete="off"
              defaultValue={value('email')}
              aria-invalid={invalid('email')}
              aria-describedby="email-error"
              data-test="client-email"
            />
            <FieldError id="email-error" errors={errors.email} />
          </div>
        </div>
      )}

      <div className="form-grid">
        <div className="field">
          <label htmlFor="phone">
            Phone <span className="muted">(optional)</span>
          </label>
          <input
            id="phone"
            name="phone"
            type="tel"
            maxLength={MAX_PHONE_LENGTH}
            autoComplete="off"
            defaultValue={value('phone')}
            aria-invalid={invalid('phone')}
            aria-describedby="phone-error"
            data-test="client-phone"
          />
          <FieldError id="phone-error" errors={errors.phone} />
        </div>
        <div className="field">
          <label htmlFor="dateOfBirth">
            Date of birth <span className="muted">(optional)</span>
          </label>
          <input
            id="dateOfBirth"
            name="dateOfBirth"
            type="date"
            min="1900-01-02"
            max={maxDateOfBirth}
            defaultValue={value('dateOfBirth')}
            aria-invalid={invalid('dateOfBirth')}
            aria-describedby="dateOfBirth-error"
            data-test="client-date-of-birth"
          />
          <FieldError id="dateOfBirth-error" errors={errors.dateOfBirth} />
        </div>
        {mode === 'edit' ? (
          <div className="field">
            <label htmlFor="status">Status</label>
            <select
              id="status"
              name="status"
              defaultValue={value('status') || 'active'}
              aria-invalid={invalid('status')}
              aria-describedby="status-error"
              data-test="client-status"
            >
              {CLIENT_STATUSES.map((status) => (
                <option key={status} value={status}>
                  {CLIENT_STATUS_LABELS[status]}
                </option>
              ))}
            </select>
            <FieldError id="status-error" errors={errors.status} />
          </div>
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
