import { InvalidParameterError } from '../errors/assay-error.js';
import type { Metric, Param, Tag } from '../entities/metric.js';
import { LIMITS } from './limits.js';
import { describe, preview, validateEntityKey } from './validate-entity-key.js';

/** Checks one metric point; NaN and ±Infinity are valid values, as in MLflow. */
export function validateMetric(metric: Metric): Metric {
  validateEntityKey('Metric name', metric.key);
  if (typeof metric.value !== 'number') {
    throw new InvalidParameterError(
      `Metric '${metric.key}' has value ${describe(metric.value)}; metric values must be numbers (NaN and ±Infinity are allowed).`,
    );
  }
  if (!Number.isSafeInteger(metric.timestamp) || metric.timestamp < 0) {
    throw new InvalidParameterError(
      `Metric '${metric.key}' has timestamp ${describe(metric.timestamp)}; timestamps are non-negative integer milliseconds since the epoch.`,
    );
  }
  if (!Number.isSafeInteger(metric.step)) {
    throw new InvalidParameterError(`Metric '${metric.key}' has step ${describe(metric.step)}; steps are integers.`);
  }
  return metric;
}

/** Checks a param's key and value length (values are strings; convert numbers before). */
export function validateParam(param: Param): Param {
  validateEntityKey('Param key', param.key);
  if (typeof param.value !== 'string') {
    throw new InvalidParameterError(`Param '${param.key}' has value ${describe(param.value)}; param values are strings.`);
  }
  if (param.value.length > LIMITS.paramValueLength) {
    throw new InvalidParameterError(
      `Param '${param.key}' has a value of length ${param.value.length}, which exceeds the limit of ${LIMITS.paramValueLength} characters. Log long values as an artifact (logText) instead.`,
    );
  }
  return param;
}

/** Checks a run tag's key and value length. */
export function validateTag(tag: Tag): Tag {
  validateEntityKey('Tag key', tag.key);
  if (typeof tag.value !== 'string') {
    throw new InvalidParameterError(`Tag '${tag.key}' has value ${describe(tag.value)}; tag values are strings.`);
  }
  if (tag.value.length > LIMITS.runTagValueLength) {
    throw new InvalidParameterError(
      `Tag '${tag.key}' has a value of length ${tag.value.length}, which exceeds the limit of ${LIMITS.runTagValueLength} characters.`,
    );
  }
  return tag;
}

/** Checks an experiment tag's key and value length. */
export function validateExperimentTag(tag: Tag): Tag {
  validateEntityKey('Experiment tag key', tag.key);
  if (typeof tag.value !== 'string') {
    throw new InvalidParameterError(`Experiment tag '${tag.key}' has value ${describe(tag.value)}; tag values are strings.`);
  }
  if (tag.value.length > LIMITS.experimentTagValueLength) {
    throw new InvalidParameterError(
      `Experiment tag '${tag.key}' has a value of length ${tag.value.length}, which exceeds the limit of ${LIMITS.experimentTagValueLength} characters.`,
    );
  }
  return tag;
}

/** Checks an experiment name: non-empty, at most 500 characters. */
export function validateExperimentName(name: unknown): string {
  if (typeof name !== 'string' || name.trim().length === 0) {
    throw new InvalidParameterError(`Experiment name must be a non-empty string, got ${describe(name)}.`);
  }
  if (name.length > LIMITS.experimentNameLength) {
    throw new InvalidParameterError(
      `Experiment name '${preview(name)}' has length ${name.length}, which exceeds the limit of ${LIMITS.experimentNameLength} characters.`,
    );
  }
  return name;
}

/** Checks a run name: a string of at most 250 characters. */
export function validateRunName(name: unknown): string {
  if (typeof name !== 'string') {
    throw new InvalidParameterError(`Run name must be a string, got ${describe(name)}.`);
  }
  if (name.length > LIMITS.runNameLength) {
    throw new InvalidParameterError(
      `Run name '${preview(name)}' has length ${name.length}, which exceeds the limit of ${LIMITS.runNameLength} characters.`,
    );
  }
  return name;
}

const RUN_ID = /^[a-zA-Z0-9][\w-]{0,255}$/u;

/** Checks a run id's shape (MLflow's `_RUN_ID_REGEX`). */
export function validateRunId(runId: unknown): string {
  if (typeof runId !== 'string' || !RUN_ID.test(runId)) {
    throw new InvalidParameterError(
      `Invalid run id ${describe(runId)}: run ids are 1-256 characters of letters, digits, '_' and '-', starting with a letter or digit.`,
    );
  }
  return runId;
}

/** Rejects a duplicate key within one batch, naming it. */
export function assertUniqueKeys(kind: string, entries: readonly { key: string; value: string }[]): void {
  const seen = new Map<string, string>();
  for (const entry of entries) {
    const previous = seen.get(entry.key);
    if (previous !== undefined && previous !== entry.value) {
      throw new InvalidParameterError(
        `${kind} '${entry.key}' appears twice in one batch with different values ('${preview(previous)}' and '${preview(entry.value)}').`,
      );
    }
    seen.set(entry.key, entry.value);
  }
}
