import { InvalidParameterError, describe } from '@assay/core';

/** One failed check of a request, as zod reports it. */
interface RequestIssue {
  path: readonly PropertyKey[];
  message: string;
}

/** Options of invalidRequestError. */
export interface InvalidRequestErrorOptions {
  /** What zod found wrong (the first issue is reported). */
  issues: readonly RequestIssue[];
  /** The request's parsed body or query, as validated. */
  input: unknown;
  /** Where the values came from: `json`, `query`, `param`. */
  target: string;
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let value = input;
  for (const key of path) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

/** `metrics[2].value`: a field path as the client wrote it. */
function fieldName(path: readonly PropertyKey[]): string {
  return path.reduce<string>((name, key) => (typeof key === 'number' ? `${name}[${key}]` : name === '' ? String(key) : `${name}.${String(key)}`), '');
}

/**
 * The InvalidParameterError (400 INVALID_PARAMETER_VALUE) of a request that
 * fails its route's schema, worded as MLflow's server words them so that
 * the field is named: `Missing value for required parameter 'run_id'` or
 * `Invalid value 'x' for parameter 'max_results' supplied: ...`.
 */
export function invalidRequestError({ issues, input, target }: InvalidRequestErrorOptions): InvalidParameterError {
  const issue = issues[0];
  if (issue === undefined) return new InvalidParameterError('Invalid request.');
  if (issue.path.length === 0) {
    const what = target === 'json' ? 'The request body must be a JSON object' : 'The request parameters are invalid';
    return new InvalidParameterError(`${what}: ${issue.message}.`);
  }
  const field = fieldName(issue.path);
  const value = valueAt(input, issue.path);
  if (value === undefined) {
    return new InvalidParameterError(`Missing value for required parameter '${field}'. See the API docs for more information about request parameters.`);
  }
  return new InvalidParameterError(`Invalid value ${describe(value)} for parameter '${field}' supplied: ${issue.message}.`);
}
