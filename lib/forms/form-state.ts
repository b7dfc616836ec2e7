/**
 * What a server action hands back to its form: errors next to fields, one
 * message for the whole form, and the submitted values so nothing typed is lost.
 */
export interface FormState<Field extends string = string> {
  status: 'idle' | 'error' | 'success';
  message?: string;
  fieldErrors?: Partial<Record<Field, string[]>>;
  values?: Partial<Record<Field, string>>;
}

export const idleFormState: FormState = { status: 'idle' };

export function formValues<Field extends string>(formData: FormData, fields: readonly Field[]): Partial<Record<Field, string>> {
  const values: Partial<Record<Field, string>> = {};
  for (const field of fields) {
    const value = formData.get(field);
    if (typeof value === 'string') values[field] = value;
  }
  return values;
}
