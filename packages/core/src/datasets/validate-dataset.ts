import { InvalidParameterError } from '../errors/assay-error.js';
import { checkJsonValue, isPlainObject } from '../validation/check-json-value.js';
import { describe, preview } from '../validation/validate-entity-key.js';

/** Limits on datasets, so one call cannot exhaust memory or make an unreadable listing. */
export const DATASET_LIMITS = {
  nameLength: 250,
  descriptionLength: 5000,
  tagKeyLength: 250,
  tagValueLength: 5000,
  /** Rows given in code in one createDatasetVersion (files have no limit: they never pass through JS). */
  inlineRows: 1_000_000,
  /** Deepest nesting of arrays and objects inside one row. */
  rowDepth: 32,
  /** Largest page of readDatasetRows. */
  rowsPerPage: 50_000,
  /** Longest run-input context (`eval`, `training`, ...). */
  contextLength: 250,
} as const;

// Names appear in CLI arguments, file names and SQL listings: printable, no slashes, no surrounding spaces.
// eslint-disable-next-line no-control-regex
const DATASET_NAME = /^[^\s/\\\u0000-\u001f\u007f][^/\\\u0000-\u001f\u007f]*$/u;

/**
 * Checks a dataset name: 1 to 250 characters, no control characters, no `/`
 * or `\`, no leading or trailing whitespace.
 */
export function validateDatasetName(name: unknown): string {
  if (typeof name !== 'string' || name.length === 0) {
    throw new InvalidParameterError(`Dataset name must be a non-empty string, got ${describe(name)}.`);
  }
  if (name.length > DATASET_LIMITS.nameLength) {
    throw new InvalidParameterError(
      `Dataset name '${preview(name)}' has length ${name.length}, which exceeds the limit of ${DATASET_LIMITS.nameLength} characters.`,
    );
  }
  if (!DATASET_NAME.test(name) || name.trim() !== name) {
    throw new InvalidParameterError(
      `Dataset name ${describe(name)} is invalid: use printable characters without '/' or '\\' and no leading or trailing spaces, e.g. 'support-qa'.`,
    );
  }
  return name;
}

/** Checks a dataset version: a whole number of at least 1, or absent (the latest). */
export function validateDatasetVersion(version: unknown): number | undefined {
  if (version === undefined) return undefined;
  if (typeof version !== 'number' || !Number.isSafeInteger(version) || version < 1) {
    throw new InvalidParameterError(`Dataset version must be a whole number of at least 1, got ${describe(version)}.`);
  }
  return version;
}

/** Checks an optional description and tags. */
export function validateDatasetMetadata(input: { description?: unknown; tags?: unknown }): {
  description?: string;
  tags: Record<string, string>;
} {
  const { description, tags } = input;
  if (description !== undefined) {
    if (typeof description !== 'string') {
      throw new InvalidParameterError(`Dataset description must be a string, got ${describe(description)}.`);
    }
    if (description.length > DATASET_LIMITS.descriptionLength) {
      throw new InvalidParameterError(
        `Dataset description has length ${description.length}, which exceeds the limit of ${DATASET_LIMITS.descriptionLength} characters.`,
      );
    }
  }
  if (tags !== undefined && (tags === null || typeof tags !== 'object' || Array.isArray(tags))) {
    throw new InvalidParameterError(`Dataset tags must be an object of string values, got ${describe(tags)}.`);
  }
  const checked: Record<string, string> = {};
  for (const [key, value] of Object.entries((tags ?? {}) as Record<string, unknown>)) {
    if (key.length === 0 || key.length > DATASET_LIMITS.tagKeyLength) {
      throw new InvalidParameterError(`Dataset tag key '${preview(key)}' must have 1 to ${DATASET_LIMITS.tagKeyLength} characters.`);
    }
    if (typeof value !== 'string') {
      throw new InvalidParameterError(`Dataset tag '${preview(key)}' must have a string value, got ${describe(value)}.`);
    }
    if (value.length > DATASET_LIMITS.tagValueLength) {
      throw new InvalidParameterError(
        `Dataset tag '${preview(key)}' has a value of length ${value.length}, which exceeds the limit of ${DATASET_LIMITS.tagValueLength} characters.`,
      );
    }
    checked[key] = value;
  }
  return { ...(description !== undefined ? { description } : {}), tags: checked };
}

/**
 * Checks dataset rows: a non-empty array (at most 1,000,000 rows) of plain
 * objects whose values are JSON (strings, finite numbers, booleans, null,
 * arrays, plain objects). Messages name the offending place, e.g. `rows[3].contexts[1]`.
 */
export function validateDatasetRows(rows: unknown): Record<string, unknown>[] {
  if (!Array.isArray(rows)) throw new InvalidParameterError(`Dataset rows must be an array of objects, got ${describe(rows)}.`);
  if (rows.length === 0) throw new InvalidParameterError('Dataset rows must not be empty: give at least one row.');
  if (rows.length > DATASET_LIMITS.inlineRows) {
    throw new InvalidParameterError(
      `Got ${rows.length} rows; at most ${DATASET_LIMITS.inlineRows} can be given in code. Write them to a JSONL or Parquet file and import the file.`,
    );
  }
  rows.forEach((row, index) => {
    if (!isPlainObject(row)) throw new InvalidParameterError(`rows[${index}] must be a plain object (one column per key), got ${describe(row)}.`);
    for (const [key, value] of Object.entries(row)) {
      if (key === '') throw new InvalidParameterError(`rows[${index}] has an empty column name.`);
      checkJsonValue({ value, at: `rows[${index}].${key}`, subject: 'dataset values', maxDepth: DATASET_LIMITS.rowDepth, depth: 1 });
    }
  });
  return rows as Record<string, unknown>[];
}

/** Checks an optional run-input context such as `eval` or `training`. */
export function validateDatasetContext(context: unknown): string | undefined {
  if (context === undefined) return undefined;
  if (typeof context !== 'string' || context.length === 0 || context.length > DATASET_LIMITS.contextLength) {
    throw new InvalidParameterError(
      `Dataset input context must be a string of 1 to ${DATASET_LIMITS.contextLength} characters (e.g. 'eval'), got ${describe(context)}.`,
    );
  }
  return context;
}
