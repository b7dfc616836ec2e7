/**
 * A LIKE/ILIKE pattern matching `text` anywhere, with the user's `%`, `_` and `\`
 * taken literally. PostgREST reads `*` as `%` and offers no escape for it, so a
 * typed `*` matches any one character instead of everything.
 */
export function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (ch) => `\\${ch}`).replace(/\*/g, '_')}%`;
}

/**
 * A value inside a PostgREST `or=(…)` list, double-quoted so that commas,
 * dots and parentheses typed by a user cannot end the filter early.
 */
export function orFilterValue(value: string): string {
  return `"${value.replace(/["\\]/g, (ch) => `\\${ch}`)}"`;
}
