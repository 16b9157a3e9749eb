import { InvalidParameterError } from '../errors/assay-error.js';

/** Options of validateMaxResults. */
export interface ValidateMaxResultsOptions {
  /** What the caller passed. */
  maxResults: number | undefined;
  /** The page size when it is absent. */
  fallback: number;
  /** The largest page size allowed. */
  limit: number;
}

/**
 * Checks a search's page size: absent (the fallback) or an integer from 1 to `limit`.
 * @throws InvalidParameterError for anything else.
 */
export function validateMaxResults({ maxResults, fallback, limit }: ValidateMaxResultsOptions): number {
  if (maxResults === undefined) return fallback;
  if (!Number.isSafeInteger(maxResults) || maxResults < 1 || maxResults > limit) {
    throw new InvalidParameterError(`maxResults must be an integer between 1 and ${limit}, got ${String(maxResults)}.`);
  }
  return maxResults;
}
