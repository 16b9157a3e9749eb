import { InvalidParameterError } from '@assay/core';
import { defineMetric } from '../metric/define-metric.js';
import type { Metric } from '../metric/metric.js';
import type { JsonSchema } from './json-schema.js';
import { matchesJsonSchema } from './matches-json-schema.js';

const MAX_REPORTED_ERRORS = 5;

/**
 * The `json_schema_match` metric: 1 when the output matches `schema` (see
 * `matchesJsonSchema`), else 0 with the violations as the justification. A
 * string output is parsed as JSON first (not JSON: 0); an object or array
 * output is checked as it is.
 *
 * @example jsonSchemaMatchMetric({ type: 'object', required: ['answer'], properties: { answer: { type: 'string' } } })
 */
export function jsonSchemaMatchMetric(schema: JsonSchema): Metric {
  if (typeof schema !== 'boolean' && (typeof schema !== 'object' || schema === null || Array.isArray(schema))) {
    throw new InvalidParameterError(`jsonSchemaMatchMetric: the schema must be a JSON Schema object or a boolean, got ${Array.isArray(schema) ? 'an array' : typeof schema}.`);
  }
  return defineMetric({
    name: 'json_schema_match',
    greaterIsBetter: true,
    score(row) {
      let value: unknown = row.output;
      if (typeof value === 'string') {
        try {
          value = JSON.parse(value);
        } catch (error) {
          return { score: 0, justification: `the output is not valid JSON: ${(error as Error).message}` };
        }
      } else if (value === undefined) {
        return { score: 0, justification: 'there is no output' };
      }
      const { valid, errors } = matchesJsonSchema(value, schema);
      if (valid) return 1;
      const shown = errors.slice(0, MAX_REPORTED_ERRORS).join('; ');
      return { score: 0, justification: errors.length > MAX_REPORTED_ERRORS ? `${shown}; and ${errors.length - MAX_REPORTED_ERRORS} more` : shown };
    },
  });
}
