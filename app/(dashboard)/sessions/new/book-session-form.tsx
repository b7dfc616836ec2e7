'use client';

import Link from 'next/link';
import { useActionState } from 'react';
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
  const invalid = (field: BookSessionField) => Boolean(errors[field]?.length);
  const value = (field: BookSessionField) => state.values?.[field];

  return (
    <form action={action} className="card stack" noValidate data-test="book-session-form" aria-busy={pending}>
      <FormMessage state={state} />

      <div className="field">
        <label htmlFor="client-picker-input">Client</label>
        <ClientPicker
          id="client-picker-input"
          name="clientId"
          initial={initialClient}
          invalid={invalid('clientId')}
          errorId="clientId-error"
        />
        <FieldError id="clientId-error" errors={errors.clientId} />
      </div>

      <div className="form-grid">
        <div className="field">
          <label htmlFor="date">Date</label>
          <input
            id="date"
            name="date"
            type="date"
            required
            defaultValue={value('date')}
            aria-invalid={invalid('date')}
            aria-describedby="date-hint date-error"
            data-test="session-date"
          />
          <span id="date-hint" className="hint">
            In your time zone, {timeZone}
          </span>
          <FieldError id="date-error" errors={errors.date} />
        </div>
        <div className="field">
          <label htmlFor="time">Start time</label>
          <input
            id="time"
            name="time"
            type="time"
            required
            step={300}
            defaultValue={value('time')}
            aria-invalid={invalid('time')}
            aria-describedby="date-hint time-error"
            data-test="session-time"
          />
          <FieldError id="time-error" errors={errors.time} />
        </div>
        <div className="field">
          <label htmlFor="durationMinutes">Duration (minutes)</label>
          <input
            id="durationMinutes"
            name="durationMinutes"
            type="number"
            inputMode="numeric"
            required
            min={MIN_DURATION_MINUTES}
            max={MAX_DURATION_MINUTES}
            step={5}
            defaultValue={value('durationMinutes') ?? DEFAULT_DURATION_MINUTES}
            aria-invalid={invalid('durationMinutes')}
            aria-describedby="durationMinutes-hint durationMinutes-error"
            data-test="session-duration"
          />
          <span id="durationMinutes-hint" className="hint">
            {MIN_DURATION_MINUTES}–{MAX_DURATION_MINUTES} minutes
          </span>
          <FieldError id="durationMinutes-error" errors={errors.durationMinutes} />
        </div>
        <div className="field">
          <label htmlFor="sessionType">Session type</label>
          <select
            id="sessionType"
            name="sessionType"
            defaultValue={value('sessionType') ?? 'individual'}
            aria-invalid={invalid('sessionType')}
            aria-describedby="sessionType-error"
            data-test="session-type"
          >
            {SESSION_TYPES.map((type) => (
              <option key={type} value={type}>
                {SESSION_TYPE_LABELS[type]}
              </option>
            ))}
          </select>
          <FieldError id="sessionType-error" errors={errors.sessionType} />
        </div>
      </div>

      <NotesField maxLength={MAX_NOTES_LENGTH} rows={4} defaultValue={value('notes')} errors={errors.notes} dataTest="session-notes" />

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
