import { InvalidParameterError } from '../errors/assay-error.js';
import type { ModelVersionStage } from '../entities/registered-model.js';
import { TRANSITION_REQUEST_STATUSES, type TransitionRequestStatus } from '../entities/transition-request.js';
import type { CreateTransitionRequestInput, DecideTransitionRequestInput, TransitionRequestIdInput } from '../store/registry-store.js';
import { describe } from './validate-entity-key.js';
import { validateModelAlias, validateModelVersionNumber, validateModelVersionStage, validateRegisteredModelName } from './validate-registry-fields.js';
import { validateChangeNote } from './validate-registry-inputs.js';

/** A createTransitionRequest input, checked: exactly one of stage and alias. */
export interface ValidTransitionRequest {
  name: string;
  version: number;
  stage: ModelVersionStage | undefined;
  archiveExisting: boolean;
  alias: string | undefined;
  actor: string;
  comment: string | undefined;
}

function requiredActor(actor: unknown, what: string): string {
  if (typeof actor !== 'string' || actor === '') {
    throw new InvalidParameterError(`${what} needs an actor (the user's name), got ${describe(actor)}: requests record who asked and who decided.`);
  }
  return actor;
}

/** Checks a createTransitionRequest input. */
export function validateCreateTransitionRequest(input: CreateTransitionRequestInput): ValidTransitionRequest {
  const name = validateRegisteredModelName(input?.name);
  const version = validateModelVersionNumber(input.version);
  const note = validateChangeNote(input);
  const actor = requiredActor(note.actor, 'A transition request');
  if ((input.stage === undefined) === (input.alias === undefined)) {
    throw new InvalidParameterError('A transition request asks for either a stage or an alias: give one of them.');
  }
  const stage = input.stage === undefined ? undefined : validateModelVersionStage(input.stage);
  const archive = input.archiveExistingVersions ?? false;
  if (typeof archive !== 'boolean') throw new InvalidParameterError(`archiveExistingVersions must be true or false, got ${describe(archive)}.`);
  if (archive && stage !== 'Staging' && stage !== 'Production') {
    throw new InvalidParameterError('archiveExistingVersions applies only to a request for Staging or Production.');
  }
  return { name, version, stage, archiveExisting: archive, alias: input.alias === undefined ? undefined : validateModelAlias(input.alias), actor, comment: note.comment };
}

/** An approve/reject input, checked. */
export interface ValidDecision {
  id: number;
  actor: string;
  comment: string | undefined;
}

/**
 * Checks the id of a getTransitionRequest, approve or reject input: a
 * positive integer, or a string of digits (as a URL or MLflow client sends it).
 */
export function validateTransitionRequestId(input: TransitionRequestIdInput): number {
  const raw: unknown = input?.id;
  const id = typeof raw === 'string' && /^\d{1,15}$/.test(raw) ? Number(raw) : raw;
  if (typeof id !== 'number' || !Number.isSafeInteger(id) || id < 1) {
    throw new InvalidParameterError(`A transition request id is a positive integer, got ${describe(raw)}. List requests with listTransitionRequests.`);
  }
  return id;
}

/** Checks an approveTransitionRequest or rejectTransitionRequest input. */
export function validateDecideTransitionRequest(input: DecideTransitionRequestInput): ValidDecision {
  const id = validateTransitionRequestId(input);
  const note = validateChangeNote(input);
  return { id, actor: requiredActor(note.actor, 'Deciding a transition request'), comment: note.comment };
}

/** Checks a request status filter (case-insensitive). */
export function validateTransitionRequestStatus(status: unknown): TransitionRequestStatus {
  const upper = typeof status === 'string' ? status.toUpperCase() : status;
  if (!TRANSITION_REQUEST_STATUSES.includes(upper as TransitionRequestStatus)) {
    throw new InvalidParameterError(`Invalid transition request status ${describe(status)}: use one of ${TRANSITION_REQUEST_STATUSES.join(', ')}.`);
  }
  return upper as TransitionRequestStatus;
}
