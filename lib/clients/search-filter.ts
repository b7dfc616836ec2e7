/**
 * Free text from a search box, made safe for a PostgREST `or=(…)` filter with
 * ilike. Two languages are involved and both are escaped:
 *
 * 1. LIKE: `%` and `_` are wildcards and `\` is LIKE's escape character, so each
 *    is preceded by a backslash and matches itself. PostgREST also turns every
 *    `*` in a like/ilike value into `%` and offers no escape for it, so a typed
 *    `*` becomes `_` (any one character): it still matches a literal star.
 * 2. PostgREST's or-syntax: `,` `(` `)` `.` `:` separate filters and operators,
 *    so the value is wrapped in double quotes, inside which `"` and `\` are
 *    backslash-escaped.
 */
export const MAX_SEARCH_LENGTH = 100;

export function escapeLikePattern(text: string): string {
  return text.replace(/[\\%_]/g, '\\$&').replace(/\*/g, '_');
}

export function quoteFilterValue(value: string): string {
  return `"${value.replace(/[\\"]/g, '\\$&')}"`;
}

/** Normalises what was typed: trimmed, inner whitespace collapsed, bounded. Empty means "no search". */
export function normaliseSearch(text: string | null | undefined): string {
  return (text ?? '').trim().replace(/\s+/g, ' ').slice(0, MAX_SEARCH_LENGTH);
}

/** `col.ilike."*text*"` for each column, joined for `.or()`: rows where any column contains the text. */
export function containsAnyFilter(columns: readonly string[], text: string): string {
  const pattern = quoteFilterValue(`*${escapeLikePattern(text)}*`);
  return columns.map((column) => `${column}.ilike.${pattern}`).join(',');
}
