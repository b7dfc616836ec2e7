'use client';

import { useState, type TextareaHTMLAttributes } from 'react';
import { Field } from './field';

/**
 * A textarea with a "120 / 2,000" counter. It stays uncontrolled, so React's
 * form reset after an action shows the values the action echoed back.
 */
export function TextareaWithCount({
  id,
  maxLength,
  defaultValue,
  describedBy,
  ...props
}: Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, 'defaultValue' | 'maxLength' | 'id'> & {
  id: string;
  maxLength: number;
  defaultValue?: string;
  /** ids of the field's error and hint, besides the counter. */
  describedBy?: string;
}) {
  const [length, setLength] = useState(defaultValue?.length ?? 0);
  const countId = `${id}-count`;
  return (
    <>
      <textarea
        id={id}
        maxLength={maxLength}
        defaultValue={defaultValue}
        aria-describedby={[describedBy, countId].filter(Boolean).join(' ')}
        onInput={(event) => setLength(event.currentTarget.value.length)}
        {...props}
      />
      <span id={countId} className="char-count" data-over={length > maxLength} data-test={`${id}-count`}>
        {length.toLocaleString('en')} / {maxLength.toLocaleString('en')} characters
      </span>
    </>
  );
}

/** The optional "Notes" field both forms share: label, counted textarea, error. */
export function NotesField({
  maxLength,
  rows,
  defaultValue,
  errors,
  dataTest,
}: {
  maxLength: number;
  rows: number;
  defaultValue?: string;
  errors?: string[];
  dataTest: string;
}) {
  return (
    <Field id="notes" label="Notes" optional errors={errors}>
      {(control) => (
        <TextareaWithCount
          id={control.id}
          name="notes"
          rows={rows}
          maxLength={maxLength}
          defaultValue={defaultValue}
          aria-invalid={control['aria-invalid']}
          describedBy={control['aria-describedby']}
          data-test={dataTest}
        />
      )}
    </Field>
  );
}
