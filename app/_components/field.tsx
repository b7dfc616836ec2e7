import type { ReactNode } from 'react';
import { FieldError } from './form-feedback';

/** What a field's control spreads on itself so its label, hint and error reach a screen reader. */
export interface FieldControl {
  id: string;
  'aria-invalid': boolean;
  'aria-describedby': string;
}

/**
 * One form field: label, control, optional hint, error. The control is the
 * caller's (input, select, combobox…), given the ids that tie the parts together.
 */
export function Field({
  id,
  label,
  optional = false,
  hint,
  errors,
  errorId = `${id}-error`,
  describedBy,
  children,
}: {
  /** The control's id, which the label points at. */
  id: string;
  label: ReactNode;
  optional?: boolean;
  hint?: ReactNode;
  errors?: string[];
  /** Defaults to `${id}-error`; a control whose id differs from its field name keeps the field's. */
  errorId?: string;
  /** ids of descriptions outside the field, such as a hint two fields share. */
  describedBy?: string;
  children: (control: FieldControl) => ReactNode;
}) {
  const hintId = hint ? `${id}-hint` : undefined;
  const control: FieldControl = {
    id,
    'aria-invalid': Boolean(errors?.length),
    'aria-describedby': [describedBy, hintId, errorId].filter(Boolean).join(' '),
  };
  return (
    <div className="field">
      <label htmlFor={id}>
        {label}
        {optional ? (
          <>
            {' '}
            <span className="muted">(optional)</span>
          </>
        ) : null}
      </label>
      {children(control)}
      {hint ? (
        <span id={hintId} className="hint">
          {hint}
        </span>
      ) : null}
      <FieldError id={errorId} errors={errors} />
    </div>
  );
}
