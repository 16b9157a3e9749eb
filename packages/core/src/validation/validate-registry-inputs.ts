import { InvalidParameterError } from '../errors/assay-error.js';
import type { ModelVersionStage, ModelVersionStatus } from '../entities/registered-model.js';
import type {
  CreateModelVersionInput,
  CreateRegisteredModelInput,
  RegistryChangeNote,
  TransitionModelVersionStageInput,
  UpdateModelVersionInput,
} from '../store/registry-store.js';
import { validateRunId } from './validate-entries.js';
import { describe } from './validate-entity-key.js';
import {
  validateModelSource,
  validateModelVersionNumber,
  validateModelVersionStage,
  validateModelVersionStatus,
  validateRegisteredModelName,
  validateRegistryDescription,
  validateRegistryTags,
} from './validate-registry-fields.js';

/** A createRegisteredModel input, checked. */
export interface ValidRegisteredModel {
  name: string;
  description: string | undefined;
  tags: Record<string, string>;
}

/** Checks a createRegisteredModel input. */
export function validateCreateRegisteredModel(input: CreateRegisteredModelInput): ValidRegisteredModel {
  return {
    name: validateRegisteredModelName(input?.name),
    description: validateRegistryDescription(input.description),
    tags: validateRegistryTags(input.tags),
  };
}

/** A createModelVersion input, checked, with its defaults. */
export interface ValidModelVersion {
  name: string;
  source: string;
  runId: string | undefined;
  runLink: string | undefined;
  description: string | undefined;
  tags: Record<string, string>;
  status: ModelVersionStatus;
  statusMessage: string | undefined;
}

function optionalString(value: unknown, what: string): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw new InvalidParameterError(`${what} must be a string, got ${describe(value)}.`);
  return value;
}

/** Checks a createModelVersion input; the status defaults to READY. */
export function validateCreateModelVersion(input: CreateModelVersionInput): ValidModelVersion {
  return {
    name: validateRegisteredModelName(input?.name),
    source: validateModelSource(input.source),
    runId: input.runId === undefined ? undefined : validateRunId(input.runId),
    runLink: optionalString(input.runLink, 'runLink'),
    description: validateRegistryDescription(input.description),
    tags: validateRegistryTags(input.tags),
    status: input.status === undefined ? 'READY' : validateModelVersionStatus(input.status),
    statusMessage: optionalString(input.statusMessage, 'statusMessage'),
  };
}

/** An updateModelVersion input, checked. */
export interface ValidModelVersionUpdate {
  name: string;
  version: number;
  description: string | undefined;
  status: ModelVersionStatus | undefined;
  statusMessage: string | undefined;
}

/** Checks an updateModelVersion input: it must change something. */
export function validateUpdateModelVersion(input: UpdateModelVersionInput): ValidModelVersionUpdate {
  const update: ValidModelVersionUpdate = {
    name: validateRegisteredModelName(input?.name),
    version: validateModelVersionNumber(input.version),
    description: validateRegistryDescription(input.description),
    status: input.status === undefined ? undefined : validateModelVersionStatus(input.status),
    statusMessage: optionalString(input.statusMessage, 'statusMessage'),
  };
  if (update.description === undefined && update.status === undefined && update.statusMessage === undefined) {
    throw new InvalidParameterError('updateModelVersion needs a description, a status or a statusMessage to change.');
  }
  return update;
}

/** A transitionModelVersionStage input, checked. */
export interface ValidStageTransition {
  name: string;
  version: number;
  stage: ModelVersionStage;
  archiveExisting: boolean;
}

/** Checks a transitionModelVersionStage input: archiveExistingVersions only with Staging or Production, as MLflow. */
export function validateTransitionModelVersionStage(input: TransitionModelVersionStageInput): ValidStageTransition {
  const stage = validateModelVersionStage(input?.stage);
  const archive = input.archiveExistingVersions ?? false;
  if (typeof archive !== 'boolean') throw new InvalidParameterError(`archiveExistingVersions must be true or false, got ${describe(archive)}.`);
  if (archive && stage !== 'Staging' && stage !== 'Production') {
    throw new InvalidParameterError(`archiveExistingVersions applies only to a transition to Staging or Production, not ${stage}.`);
  }
  return { name: validateRegisteredModelName(input.name), version: validateModelVersionNumber(input.version), stage, archiveExisting: archive };
}

/** Who made a registry change and why, checked: what the audit log records. */
export interface ValidChangeNote {
  actor: string | undefined;
  comment: string | undefined;
}

const ACTOR_LENGTH = 256;
const COMMENT_LENGTH = 5000;

/** Checks the actor and comment of a registry write (an empty string counts as none). */
export function validateChangeNote(input: RegistryChangeNote | undefined): ValidChangeNote {
  const actor = optionalString(input?.actor, 'actor');
  const comment = optionalString(input?.comment, 'comment');
  if (actor !== undefined && actor.length > ACTOR_LENGTH) {
    throw new InvalidParameterError(`actor has length ${actor.length}, which exceeds the limit of ${ACTOR_LENGTH} characters.`);
  }
  if (comment !== undefined && comment.length > COMMENT_LENGTH) {
    throw new InvalidParameterError(`comment has length ${comment.length}, which exceeds the limit of ${COMMENT_LENGTH} characters; put long notes in the model's description.`);
  }
  return { actor: actor === '' ? undefined : actor, comment: comment === '' ? undefined : comment };
}
