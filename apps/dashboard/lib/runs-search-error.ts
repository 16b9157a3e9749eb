/**
 * Where a search filter failed, from the server's INVALID_PARAMETER_VALUE message: the store's
 * SearchSyntaxError says `... at column N ...` (1-based, in characters), which the caret points at.
 */
export function searchErrorColumn(message: string): number | undefined {
  const match = /at column (\d+)/.exec(message);
  return match ? Number(match[1]) : undefined;
}
