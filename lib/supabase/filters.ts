/** A LIKE/ILIKE pattern matching `text` anywhere, with the user's `%`, `_` and `\` taken literally. */
export function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
}

/**
 * A value inside a PostgREST `or=(…)` list, double-quoted so that commas,
 * dots and parentheses typed by a user cannot end the filter early.
 */
export function orFilterValue(value: string): string {
  return `"${value.replace(/["\\]/g, (ch) => `\\${ch}`)}"`;
}
