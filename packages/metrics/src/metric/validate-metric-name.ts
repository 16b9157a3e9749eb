import { InvalidParameterError } from '@assay/core';

const METRIC_NAME = /^[A-Za-z0-9_.-]{1,250}$/;

/** Checks a metric name; thrown errors say what a valid name is. */
export function validateMetricName(name: unknown): string {
  if (typeof name !== 'string' || !METRIC_NAME.test(name)) {
    throw new InvalidParameterError(`A metric name must be 1-250 letters, digits, '_', '-' or '.', got ${JSON.stringify(name)}.`);
  }
  return name;
}
