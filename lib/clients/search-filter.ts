import { containsPattern, orFilterValue } from '@/lib/supabase/filters';

/**
 * The /clients search box, made safe for a PostgREST `or=(…)` filter: the
 * LIKE wildcards typed by the therapist are escaped (containsPattern) and the
 * value is double-quoted (orFilterValue), so `,` `(` `)` `.` `:` `"` cannot end
 * the filter early or add one.
 */
export const MAX_SEARCH_LENGTH = 100;

/** Trimmed, inner whitespace collapsed, bounded. Empty means "no search". */
export function normaliseSearch(text: string | null | undefined): string {
  return (text ?? '').trim().replace(/\s+/g, ' ').slice(0, MAX_SEARCH_LENGTH);
}

/** Rows whose name or e-mail contains `text`, case-insensitively, as an argument for `.or()`. */
export function nameOrEmailFilter(text: string): string {
  const value = orFilterValue(containsPattern(text));
  return `full_name.ilike.${value},email.ilike.${value}`;
}
