import { InvalidArgumentError } from 'commander';

/**
 * Commander argument parser for amounts that may be zero, such as
 * `--latency-ms 0`: a whole number of at least 0, at most `max`.
 */
export function parseNonNegativeInteger(value: string, max: number = Number.MAX_SAFE_INTEGER): number {
  const trimmed = value.trim();
  const parsed = /^\d+$/.test(trimmed) ? Number(trimmed) : Number.NaN;
  if (!Number.isSafeInteger(parsed) || parsed > max) {
    throw new InvalidArgumentError(max === Number.MAX_SAFE_INTEGER ? 'Expected a whole number (0 or more).' : `Expected a whole number from 0 to ${max}.`);
  }
  return parsed;
}
