'use client';

import { useActionState } from 'react';
import { Field } from '@/app/_components/field';
import { FormMessage } from '@/app/_components/form-feedback';
import { idleFormState, type FormState } from '@/lib/forms/form-state';
import type { SettingsField } from '@/lib/team/settings.schema';
import { saveSettingsAction } from './actions';

export function SettingsForm({ displayName, timeZone, timeZones }: { displayName: string; timeZone: string; timeZones: string[] }) {
  const [state, action, pending] = useActionState<FormState<SettingsField>, FormData>(saveSettingsAction, idleFormState);
  const errors = state.fieldErrors ?? {};
  const shown = (field: SettingsField, saved: string) => (state.status === 'error' ? (state.values?.[field] ?? saved) : saved);
  return (
    <form action={action} className="card stack" noValidate data-test="settings-form" aria-busy={pending}>
      <FormMessage state={state} />
      <div className="form-grid">
        <Field id="displayName" label="Display name" errors={errors.displayName} hint="Shown to your practice and on your sessions.">
          {(control) => (
            <input
              {...control}
              name="displayName"
              required
              maxLength={200}
              autoComplete="name"
              defaultValue={shown('displayName', displayName)}
              key={displayName}
            />
          )}
        </Field>
        <Field id="timeZone" label="Time zone" errors={errors.timeZone} hint="Dates and times you see and book are in this zone.">
          {(control) => (
            <select {...control} name="timeZone" defaultValue={shown('timeZone', timeZone)} key={`${timeZone}-${state.values?.timeZone ?? ''}`}>
              {timeZones.map((zone) => (
                <option key={zone} value={zone}>
                  {zone}
                </option>
              ))}
            </select>
          )}
        </Field>
      </div>
      <div className="form-actions">
        <button type="submit" className="button primary" disabled={pending} data-test="settings-save">
          {pending ? 'Saving…' : 'Save settings'}
        </button>
      </div>
    </form>
  );
}
