/**
 * Writes text as a quoted string of the search-filter grammar, so that a
 * name with quotes or backslashes matches itself: `name = ${quoteFilterString(name)}`.
 * Not for LIKE patterns, whose `%` and `_` stay wildcards.
 */
export function quoteFilterString(text: string): string {
  return `'${text.replace(/[\\']/gu, (character) => `\\${character}`)}'`;
}
