import { InvalidParameterError, LIMITS, describe, validateMetric, validateParam, validateTag } from '@assay/core';

// Keys repeat (one metric logged a million times): remember the valid ones so
// the per-point path is a Set lookup and a few typeof checks.
const CACHE_LIMIT = 10_000;
const metricKeys = new Set<string>();
const paramKeys = new Set<string>();
const tagKeys = new Set<string>();

function remember(keys: Set<string>, key: string): void {
  if (keys.size >= CACHE_LIMIT) keys.clear();
  keys.add(key);
}

/** True for a step core accepts (an integer). */
export function isValidStep(step: number): boolean {
  return Number.isSafeInteger(step);
}

/** True for a timestamp core accepts (non-negative integer milliseconds). */
export function isValidTimestamp(timestamp: number): boolean {
  return Number.isSafeInteger(timestamp) && timestamp >= 0;
}

/**
 * Checks one metric point, throwing core's InvalidParameterError (naming the
 * key) when it is wrong. Callers first try the fast path:
 * `isKnownMetricKey(key) && typeof value === 'number'` with a checked step
 * and timestamp.
 */
export function checkMetric(key: string, value: number, timestamp: number, step: number): void {
  validateMetric({ key, value, timestamp, step });
  remember(metricKeys, key);
}

/** True when `key` was already accepted as a metric name. */
export function isKnownMetricKey(key: string): boolean {
  return metricKeys.has(key);
}

function toText(kind: 'Param' | 'Tag', key: string, value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  throw new InvalidParameterError(
    `${kind} '${String(key)}' has value ${describe(value)}; ${kind.toLowerCase()} values must be strings, numbers or booleans.`,
  );
}

/** Checks a param and returns its value as a string (numbers and booleans are stringified). */
export function checkParam(key: string, value: unknown): string {
  const text = toText('Param', key, value);
  if (!paramKeys.has(key) || text.length > LIMITS.paramValueLength) {
    validateParam({ key, value: text });
    remember(paramKeys, key);
  }
  return text;
}

/** Checks a run tag and returns its value as a string (numbers and booleans are stringified). */
export function checkTag(key: string, value: unknown): string {
  const text = toText('Tag', key, value);
  if (!tagKeys.has(key) || text.length > LIMITS.runTagValueLength) {
    validateTag({ key, value: text });
    remember(tagKeys, key);
  }
  return text;
}
