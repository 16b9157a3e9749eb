import { InvalidParameterError } from '../errors/assay-error.js';
import { describe } from './validate-entity-key.js';

/** Options of checkJsonValue. */
export interface CheckJsonValueOptions {
  /** The value checked. */
  value: unknown;
  /** Where it is, for messages, e.g. `rows[3].contexts`. */
  at: string;
  /** What such values are called in messages, e.g. `dataset values`. */
  subject: string;
  /** How deep arrays and objects may nest. */
  maxDepth: number;
  /** The nesting depth of `value` itself; default 0. */
  depth?: number;
}

/** True for `{...}` objects (not arrays, class instances or other exotic objects). */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const prototype = Object.getPrototypeOf(value) as unknown;
  return prototype === Object.prototype || prototype === null;
}

/**
 * Throws unless `value` is JSON data: strings, finite numbers, booleans,
 * null, arrays and plain objects, nested at most `maxDepth` deep. Messages
 * name the offending place, e.g. `rows[3].contexts[1]`.
 */
export function checkJsonValue({ value, at, subject, maxDepth, depth = 0 }: CheckJsonValueOptions): void {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new InvalidParameterError(`${at} is ${String(value)}; ${subject} must be finite numbers (JSON has no NaN or Infinity).`);
    return;
  }
  if (depth >= maxDepth) throw new InvalidParameterError(`${at} is nested more than ${maxDepth} levels deep.`);
  if (Array.isArray(value)) {
    value.forEach((item, index) => checkJsonValue({ value: item, at: `${at}[${index}]`, subject, maxDepth, depth: depth + 1 }));
    return;
  }
  if (isPlainObject(value)) {
    for (const [key, item] of Object.entries(value)) checkJsonValue({ value: item, at: `${at}.${key}`, subject, maxDepth, depth: depth + 1 });
    return;
  }
  const kind = value instanceof Date ? 'a Date (convert it with toISOString())' : describe(value);
  throw new InvalidParameterError(`${at} is ${kind}; ${subject} must be JSON: strings, finite numbers, booleans, null, arrays and plain objects.`);
}
