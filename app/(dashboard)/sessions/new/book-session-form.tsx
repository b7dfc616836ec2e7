'use client';

import Link from 'next/link';
import { useActionState, useRef, type FormEvent } from 'react';
import { Field } from '@/app/_components/field';
import { FieldError, FormMessage } from '@/app/_components/form-feedback';
import { NotesField } from '@/app/_components/textarea-with-count';
import { type BookSessionField } from '@/lib/booking/session.schema';
import { MAX_DURATION_MINUTES, MAX_NOTES_LENGTH, MIN_DURATION_MINUTES, SESSION_TYPES, SESSION_TYPE_LABELS } from '@/lib/booking/session-options';
import { idleFormState, type FormState } from '@/lib/forms/form-state';
import { createSessionAction } from './actions';
import { ClientPicker, type PickerPerson } from './client-picker';

const DEFAULT_DURATION_MINUTES = 50;

/** The booking form. Field names match bookSessionSchema; the action re-checks everything. */
export function BookSessionForm({ timeZone, initialClient }: { timeZone: string; initialClient: PickerPerson | null }) {
  const [state, action, pending] = useActionState<FormState<BookSessionField>, FormData>(createSessionAction, idleFormState);
  const errors = state.fieldErrors ?? {};
  const value = (field: BookSessionField) => state.values?.[field];
  // One request id per mounted form, made at its first submit and sent again
  // with every retry, so a double click or a retry after a timeout books one
  // session. A successful booking leaves the page; the next form makes a new one.
  const requestId = useRef<string | null>(null);
  function stampRequestId(event: FormEvent<HTMLFormElement>) {
    requestId.current ??= crypto.randomUUID();
    const field = event.currentTarget.elements.namedItem('requestId');
    // React resets the form's uncontrolled fields after each submit, so the id is written again every time.
    if (field instanceof HTMLInputElement) field.value = requestId.current;
  }

  return (
    <form action={action} onSubmit={stampRequestId} className="card stack" noValidate data-test="book-session-form" aria-busy={pending}>
      <input type="hidden" name="requestId" defaultValue="" />
      <FormMessage state={state} />

      <Field id="client-picker-input" label="Client" errors={errors.clientId} errorId="clientId-error">
        {(control) => (
          <ClientPicker id={control.id} name="clientId" initial={initialClient} invalid={control['aria-invalid']} errorId="clientId-error" />
        )}
      </Field>

      <div className="form-grid">
        <Field id="date" label="Date" hint={`In your time zone, ${timeZone}`} errors={errors.date}>
          {(control) => <input {...control} name="date" type="date" required defaultValue={value('date')} data-test="session-date" />}
        </Field>
        <Field id="time" label="Start time" describedBy="date-hint" errors={errors.time}>
          {(control) => <input {...control} name="time" type="time" required step={300} defaultValue={value('time')} data-test="session-time" />}
        </Field>
        <Field
          id="durationMinutes"
          label="Duration (minutes)"
          hint={`${MIN_DURATION_MINUTES}–${MAX_DURATION_MINUTES} minutes`}
          errors={errors.durationMinutes}
        >
          {(control) => (
            <input
              {...control}
              name="durationMinutes"
              type="number"
              inputMode="numeric"
              required
              min={MIN_DURATION_MINUTES}
              max={MAX_DURATION_MINUTES}
              step={5}
              defaultValue={value('durationMinutes') ?? DEFAULT_DURATION_MINUTES}
              data-test="session-duration"
            />
          )}
        </Field>
        <Field id="sessionType" label="Session type" errors={errors.sessionType}>
          {(control) => (
            <select {...control} name="sessionType" defaultValue={value('sessionType') ?? 'individual'} data-test="session-type">
              {SESSION_TYPES.map((type) => (
                <option key={type} value={type}>
                  {SESSION_TYPE_LABELS[type]}
                </option>
              ))}
            </select>
          )}
        </Field>
      </div>

      {/* Recording a session after the fact is a deliberate choice: a past start without it is refused. */}
      <div className="field checkbox-field">
        <label htmlFor="tookPlace">
          <input
            id="tookPlace"
            name="tookPlace"
            type="checkbox"
            value="on"
            defaultChecked={value('tookPlace') === 'on'}
            aria-invalid={Boolean(errors.tookPlace?.length)}
            aria-describedby="tookPlace-hint tookPlace-error"
            data-test="session-took-place"
          />{' '}
          This session already took place
        </label>
        <span id="tookPlace-hint" className="hint">
          Tick this to record a session whose start time has passed.
        </span>
        <FieldError id="tookPlace-error" errors={errors.tookPlace} />
      </div>

      <NotesField maxLength={MAX_NOTES_LENGTH} rows={4} defaultValue={value('notes')} errors={errors.notes} dataTest="session-notes" />

      <FieldError id="requestId-error" errors={errors.requestId} />

      <div className="form-actions">
        <button type="submit" className="button primary" disabled={pending} aria-busy={pending} data-test="submit-booking">
          {pending ? 'Booking…' : 'Book session'}
        </button>
        <Link className="button ghost" href="/sessions">
          Cancel
        </Link>
      </div>
    </form>
  );
}
