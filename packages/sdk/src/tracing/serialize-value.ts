import { errorMessage } from '@assay/core';
/** The longest serialised inputs or outputs, in characters (~100 KB). */
export const MAX_SERIALIZED_LENGTH = 100_000;

const MAX_DEPTH = 64;

function describeFunction(value: (...args: never[]) => unknown): string {
  return `[Function ${value.name || 'anonymous'}]`;
}

/** A JSON-compatible copy of `value` with placeholders for what JSON cannot hold. */
function toJsonCompatible(value: unknown, ancestors: object[]): unknown {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      return Number.isFinite(value) ? value : String(value);
    case 'bigint':
      return value.toString();
    case 'undefined':
      return null;
    case 'symbol':
      return `[${value.toString()}]`;
    case 'function':
      return describeFunction(value as (...args: never[]) => unknown);
  }
  if (value === null) return null;
  const object = value as object;
  if (ancestors.includes(object)) return '[Circular]';
  if (ancestors.length >= MAX_DEPTH) return '[MaxDepth]';
  ancestors.push(object);
  try {
    // Plain objects and arrays, the usual inputs and outputs, skip the checks
    // for special objects below (none of which has such a prototype).
    const prototype: unknown = Object.getPrototypeOf(object);
    if ((prototype === Object.prototype || prototype === null) && !ArrayBuffer.isView(object)) return copyObject(object, ancestors);
    if (Array.isArray(object)) return object.map((entry) => toJsonCompatible(entry, ancestors));
    if (object instanceof Error) {
      const error: Record<string, unknown> = { name: object.name, message: object.message };
      if (object.stack !== undefined) error.stack = object.stack;
      if (object.cause !== undefined) error.cause = toJsonCompatible(object.cause, ancestors);
      return error;
    }
    if (object instanceof Date) return Number.isNaN(object.getTime()) ? 'Invalid Date' : object.toISOString();
    if (ArrayBuffer.isView(object)) return `[${object.constructor.name} ${object.byteLength} bytes]`;
    if (object instanceof ArrayBuffer) return `[ArrayBuffer ${object.byteLength} bytes]`;
    if (object instanceof Map) {
      return Object.fromEntries([...object].map(([key, entry]) => [String(key), toJsonCompatible(entry, ancestors)]));
    }
    if (object instanceof Set) return [...object].map((entry) => toJsonCompatible(entry, ancestors));
    if (object instanceof Promise) return '[Promise]';
    return copyObject(object, ancestors);
  } finally {
    ancestors.pop();
  }
}

/**
 * True when JSON.stringify gives `value` exactly as `toJsonCompatible` would
 * have it: strings, finite numbers, booleans, null, and plain objects and
 * arrays of them (undefined where JSON drops it or writes null), not deeper
 * than MAX_DEPTH (so a cycle is never followed far). Anything else, or a
 * getter that throws, leaves it to the copy with placeholders.
 */
function isPlainJsonData(value: unknown, depth: number): boolean {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return true;
    case 'number':
      return Number.isFinite(value);
    case 'undefined':
      return depth > 0;
    case 'object':
      break;
    default:
      return false;
  }
  if (value === null) return true;
  if (depth >= MAX_DEPTH) return false;
  try {
    const prototype: unknown = Object.getPrototypeOf(value);
    if (prototype === Array.prototype) {
      const array = value as unknown[];
      for (let index = 0; index < array.length; index += 1) if (!isPlainJsonData(array[index], depth + 1)) return false;
      return true;
    }
    if (prototype !== Object.prototype && prototype !== null) return false;
    if (typeof (value as { toJSON?: unknown }).toJSON === 'function') return false;
    const object = value as Record<string, unknown>;
    for (const key in object) {
      if (Object.hasOwn(object, key) && !isPlainJsonData(object[key], depth + 1)) return false;
    }
    return true;
  } catch {
    return false;
  }
}

/** An object's JSON-compatible copy: its `toJSON()` result if it has one, else its own enumerable properties. */
function copyObject(object: object, ancestors: object[]): unknown {
  const toJson = (object as { toJSON?: unknown }).toJSON;
  if (typeof toJson === 'function') return toJsonCompatible(toJson.call(object), ancestors);
  const copy: Record<string, unknown> = {};
  for (const key of Object.keys(object)) {
    let entry: unknown;
    try {
      entry = (object as Record<string, unknown>)[key];
    } catch {
      copy[key] = '[Unreadable]';
      continue;
    }
    // JSON drops undefined properties; so does the copy.
    if (entry !== undefined) copy[key] = toJsonCompatible(entry, ancestors);
  }
  return copy;
}

/**
 * JSON text of any value, never throwing: circular references, BigInts,
 * Errors, functions, symbols and binary data become placeholders. Text longer
 * than `maxLength` becomes a JSON string holding its beginning and a
 * truncation marker, so the result always parses.
 */
export function serializeValue(value: unknown, maxLength: number = MAX_SERIALIZED_LENGTH): string {
  let text: string;
  try {
    // The usual inputs and outputs are plain JSON data: checked in place and
    // stringified as they are, without the copy the placeholders need.
    text = (isPlainJsonData(value, 0) ? JSON.stringify(value) : JSON.stringify(toJsonCompatible(value, []))) ?? 'null';
  } catch (error) {
    text = JSON.stringify(`[Unserializable: ${errorMessage(error)}]`);
  }
  if (text.length <= maxLength) return text;
  return JSON.stringify(`${text.slice(0, maxLength)}... [truncated: ${text.length} characters in total]`);
}

/**
 * JSON text of a value that is already JSON data (an API request body or a
 * parsed API response): plain `JSON.stringify`, several times faster than
 * `serializeValue` on such values, falling back to it for anything JSON
 * cannot hold. Truncated like `serializeValue`.
 */
export function serializeJsonData(value: unknown, maxLength: number = MAX_SERIALIZED_LENGTH): string {
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch {
    return serializeValue(value, maxLength);
  }
  if (text === undefined) return serializeValue(value, maxLength);
  if (text.length <= maxLength) return text;
  return JSON.stringify(`${text.slice(0, maxLength)}... [truncated: ${text.length} characters in total]`);
}
