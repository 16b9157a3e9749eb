import { InvalidParameterError } from '@assay/core';
import type { MetricRequirement } from './metric.js';

const REQUIREMENTS: readonly MetricRequirement[] = ['inputs', 'targets', 'context'];

/** Checks a metric's `requires` option (undefined: none); `caller` names the metric in the error. */
export function validateMetricRequirements(requires: unknown, caller: string): readonly MetricRequirement[] {
  if (requires === undefined) return [];
  if (!Array.isArray(requires)) throw new InvalidParameterError(`${caller}: requires must be a list of ${REQUIREMENTS.join(', ')}.`);
  for (const requirement of requires) {
    if (!REQUIREMENTS.includes(requirement as MetricRequirement)) {
      throw new InvalidParameterError(`${caller}: requires may hold ${REQUIREMENTS.join(', ')}, got ${JSON.stringify(requirement)}.`);
    }
  }
  return requires as readonly MetricRequirement[];
}
