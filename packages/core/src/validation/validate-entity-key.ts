import { InvalidParameterError } from '../errors/assay-error.js';
import { LIMITS } from './limits.js';

const VALID_KEY = /^[/\w.\- :]*$/u;

/** What the key names, for messages: `Metric name 'x' ...`. */
export type EntityKeyKind = 'Metric name' | 'Param key' | 'Tag key' | 'Experiment tag key';

function normalizePosix(path: string): string {
  const absolute = path.startsWith('/');
  const parts: string[] = [];
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..' && parts.length > 0 && parts[parts.length - 1] !== '..') parts.pop();
    else if (part === '..' && absolute) continue;
    else parts.push(part);
  }
  const joined = parts.join('/');
  return absolute ? `/${joined}` : joined || '.';
}

// Keys repeat (the same metric logged a million times); remember the valid ones.
const validKeys = new Map<EntityKeyKind, Set<string>>();
const VALID_KEY_CACHE_LIMIT = 10_000;

/**
 * MLflow's key rules: alphanumerics, `_ - . : /` and spaces, at most 250
 * characters, and the key read as a path must be itself (no `..`, no leading
 * `/`, no `a//b`), because keys become file names in some stores.
 */
export function validateEntityKey(kind: EntityKeyKind, key: unknown): string {
  let known = validKeys.get(kind);
  if (known === undefined) validKeys.set(kind, (known = new Set()));
  if (typeof key === 'string' && known.has(key)) return key;
  if (typeof key !== 'string' || key.length === 0) {
    throw new InvalidParameterError(`${kind} must be a non-empty string, got ${describe(key)}.`);
  }
  const limit = kind === 'Experiment tag key' ? LIMITS.experimentTagKeyLength : LIMITS.entityKeyLength;
  if (key.length > limit) {
    throw new InvalidParameterError(
      `${kind} '${preview(key)}' has length ${key.length}, which exceeds the limit of ${limit} characters. Use a shorter key.`,
    );
  }
  if (!VALID_KEY.test(key)) {
    throw new InvalidParameterError(
      `${kind} '${preview(key)}' is invalid: names may only contain alphanumerics, underscores (_), dashes (-), periods (.), spaces ( ), colons (:) and slashes (/).`,
    );
  }
  const normalized = normalizePosix(key);
  if (normalized !== key || normalized === '.' || normalized.startsWith('..') || normalized.startsWith('/')) {
    throw new InvalidParameterError(
      `${kind} '${preview(key)}' is invalid: names are treated as file paths and must not resolve to another name (this one resolves to '${normalized}'). Remove leading '/', '..' and repeated or trailing slashes.`,
    );
  }
  if (known.size >= VALID_KEY_CACHE_LIMIT) known.clear();
  known.add(key);
  return key;
}

/** A short printable form of a value for error messages. */
export function preview(value: string, max = 60): string {
  return value.length > max ? `${value.slice(0, max)}…` : value;
}

/** A short description of any value for error messages. */
export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'undefined';
  if (typeof value === 'string') return `'${preview(value)}'`;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  return `a value of type ${Array.isArray(value) ? 'array' : typeof value}`;
}
