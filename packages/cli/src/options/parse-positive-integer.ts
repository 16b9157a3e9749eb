import { InvalidArgumentError } from 'commander';

/**
 * Commander argument parser for counts such as `--max-results 50`: a whole
 * number of at least 1. Anything else is a usage error naming the value.
 */
export function parsePositiveInteger(value: string): number {
  const trimmed = value.trim();
  const parsed = /^\d+$/.test(trimmed) ? Number(trimmed) : Number.NaN;
  if (!Number.isSafeInteger(parsed) || parsed < 1) {
    throw new InvalidArgumentError('Expected a whole number of at least 1.');
  }
  return parsed;
}
