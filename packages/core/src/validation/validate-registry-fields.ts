import { InvalidParameterError } from '../errors/assay-error.js';
import { MODEL_VERSION_STAGES, MODEL_VERSION_STATUSES, type ModelVersionStage, type ModelVersionStatus } from '../entities/registered-model.js';
import { describe, preview, validateEntityKey } from './validate-entity-key.js';

// MLflow's limits for the registry (mlflow/utils/validation.py).
const MODEL_NAME_LENGTH = 250;
const DESCRIPTION_LENGTH = 5000;
const SOURCE_LENGTH = 5000;
const TAG_VALUE_LENGTH = 5000;
const ALIAS_LENGTH = 255;

/**
 * A registered model's name: non-empty, at most 250 characters, and without
 * `/`, `@` or `:`, which separate the parts of `models:/<name>/<version>` and
 * `models:/<name>@<alias>` URIs.
 */
export function validateRegisteredModelName(name: unknown, what = 'Registered model name'): string {
  if (typeof name !== 'string' || name.trim().length === 0) throw new InvalidParameterError(`${what} must be a non-empty string, got ${describe(name)}.`);
  if (name.length > MODEL_NAME_LENGTH) {
    throw new InvalidParameterError(`${what} '${preview(name)}' has length ${name.length}, which exceeds the limit of ${MODEL_NAME_LENGTH} characters.`);
  }
  if (/[/@:]/u.test(name)) {
    throw new InvalidParameterError(`${what} '${preview(name)}' is invalid: it must not contain '/', '@' or ':' (they separate the parts of models:/ URIs).`);
  }
  return name;
}

/** A model version number: an integer of at least 1, or its decimal string (MLflow sends versions as strings). */
export function validateModelVersionNumber(version: unknown): number {
  const number = typeof version === 'string' && /^\d+$/u.test(version) ? Number(version) : version;
  if (typeof number !== 'number' || !Number.isSafeInteger(number) || number < 1) {
    throw new InvalidParameterError(`Model version must be a whole number of at least 1 (e.g. 3 or '3'), got ${describe(version)}.`);
  }
  return number;
}

/** A description: a string of at most 5000 characters; undefined stays undefined. */
export function validateRegistryDescription(description: unknown): string | undefined {
  if (description === undefined) return undefined;
  if (typeof description !== 'string') throw new InvalidParameterError(`Description must be a string, got ${describe(description)}.`);
  if (description.length > DESCRIPTION_LENGTH) {
    throw new InvalidParameterError(`Description has length ${description.length}, which exceeds the limit of ${DESCRIPTION_LENGTH} characters.`);
  }
  return description;
}

/** A model version's source URI: non-empty, at most 5000 characters. */
export function validateModelSource(source: unknown): string {
  if (typeof source !== 'string' || source.trim().length === 0) {
    throw new InvalidParameterError(`Model version source must be a non-empty artifact URI (e.g. 'runs:/<runId>/model'), got ${describe(source)}.`);
  }
  if (source.length > SOURCE_LENGTH) throw new InvalidParameterError(`Model version source has length ${source.length}, which exceeds the limit of ${SOURCE_LENGTH} characters.`);
  return source;
}

/** One registry tag (model or version): MLflow's key rules, a string value of at most 5000 characters. */
export function validateRegistryTag(key: unknown, value: unknown): { key: string; value: string } {
  validateEntityKey('Tag key', key);
  if (typeof value !== 'string') throw new InvalidParameterError(`Tag '${String(key)}' has value ${describe(value)}; tag values are strings.`);
  if (value.length > TAG_VALUE_LENGTH) {
    throw new InvalidParameterError(`Tag '${String(key)}' has a value of length ${value.length}, which exceeds the limit of ${TAG_VALUE_LENGTH} characters.`);
  }
  return { key: key as string, value };
}

/** Tags given as an object of strings (default none). */
export function validateRegistryTags(tags: unknown): Record<string, string> {
  if (tags === undefined) return {};
  if (tags === null || typeof tags !== 'object' || Array.isArray(tags)) {
    throw new InvalidParameterError(`Tags must be an object of key → string value, got ${describe(tags)}.`);
  }
  const valid: Record<string, string> = {};
  for (const [key, value] of Object.entries(tags)) valid[key] = validateRegistryTag(key, value).value;
  return valid;
}

/**
 * An alias: letters, digits, `_` and `-`, at most 255 characters; not
 * `latest` nor `v<number>`, which `models:/` URIs read as versions.
 */
export function validateModelAlias(alias: unknown): string {
  if (typeof alias !== 'string' || alias.length === 0) throw new InvalidParameterError(`Alias must be a non-empty string, got ${describe(alias)}.`);
  if (alias.length > ALIAS_LENGTH || !/^[\w-]+$/u.test(alias)) {
    throw new InvalidParameterError(`Alias '${preview(alias)}' is invalid: use at most ${ALIAS_LENGTH} letters, digits, '_' and '-' (e.g. 'champion').`);
  }
  if (/^(latest|v\d+)$/iu.test(alias)) {
    throw new InvalidParameterError(`Alias '${alias}' is reserved: models:/ URIs read 'latest' and 'v<number>' as versions. Choose another name.`);
  }
  return alias;
}

/** A stage, case-insensitive, in MLflow's spelling. */
export function validateModelVersionStage(stage: unknown): ModelVersionStage {
  const found = typeof stage === 'string' ? MODEL_VERSION_STAGES.find((known) => known.toLowerCase() === stage.toLowerCase()) : undefined;
  if (found === undefined) throw new InvalidParameterError(`Stage must be one of ${MODEL_VERSION_STAGES.join(', ')}; got ${describe(stage)}.`);
  return found;
}

/** A status, exactly as MLflow spells it. */
export function validateModelVersionStatus(status: unknown): ModelVersionStatus {
  if (!MODEL_VERSION_STATUSES.includes(status as ModelVersionStatus)) {
    throw new InvalidParameterError(`Model version status must be one of ${MODEL_VERSION_STATUSES.join(', ')}; got ${describe(status)}.`);
  }
  return status as ModelVersionStatus;
}
