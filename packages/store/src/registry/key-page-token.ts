import { InvalidParameterError } from '@assay/core';

/**
 * The key a keyset page starts after (or before, for newest-first lists):
 * the previous page's `nextPageToken` is the last key it held. `whenAbsent`
 * for the first page.
 */
export function keyOfPageToken(token: unknown, whenAbsent: number): number {
  if (token === undefined) return whenAbsent;
  if (typeof token !== 'string' || !/^\d{1,15}$/u.test(token)) {
    throw new InvalidParameterError(`Invalid pageToken ${JSON.stringify(token)}: pass the nextPageToken of the previous page unchanged.`);
  }
  return Number(token);
}
