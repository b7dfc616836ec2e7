import { z } from 'zod';

/*
 * The building blocks every form schema takes its text and number fields
 * from, so each rule is decided once. FormData gives strings only.
 */

// eslint-disable-next-line no-control-regex -- matching control characters is the point
const ANY_CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
// A textarea sends line breaks as CRLF, and a pasted tab is ordinary text there.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL_EXCEPT_TAB_AND_LINE_BREAKS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;

/**
 * Postgres text cannot hold a NUL byte (the insert fails outright), and the
 * other control characters are invisible in the page: refused as a field
 * error, where the person who typed (or pasted) them can fix it.
 */
export const CONTROL_CHARACTER_MESSAGE = 'Remove the invisible control character (such as a NUL byte) from this field';

/** One line of text: a name, an e-mail address, a phone number, a password. Not trimmed: callers choose. */
export function singleLineText(params?: string | { message?: string }) {
  return z.string(params).refine((value) => !ANY_CONTROL.test(value), CONTROL_CHARACTER_MESSAGE);
}

/** Text from a textarea: tabs and line breaks are kept, every other control character is refused. */
export function multiLineText(params?: string | { message?: string }) {
  return z.string(params).refine((value) => !CONTROL_EXCEPT_TAB_AND_LINE_BREAKS.test(value), CONTROL_CHARACTER_MESSAGE);
}

/** Optional text: trimmed, and an empty field means "none" (null), not "". */
export function optionalText(kind: 'single' | 'multi', max: number, tooLong: string) {
  return (kind === 'multi' ? multiLineText() : singleLineText())
    .trim()
    .max(max, tooLong)
    .optional()
    .transform((value) => (value ? value : null));
}

/**
 * A whole number written in plain decimal digits (surrounding spaces allowed).
 * `Number()` and `z.coerce.number()` also read "0x32" as 50, "1e2" as 100 and
 * "50.0" as 50; a form field means what it shows, so those are refused.
 * Range checks go in `then` (a z.number() schema).
 */
export function decimalInteger<Out>(message: string, then: z.ZodType<Out, number>) {
  return (
    z
      .string({ message })
      .trim()
      // Seven digits is far past any range a form here accepts, and well inside exact doubles.
      .regex(/^[0-9]{1,7}$/, message)
      .transform(Number)
      .pipe(then)
  );
}
