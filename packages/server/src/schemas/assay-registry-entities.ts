import { z } from '@hono/zod-openapi';
import { TRANSITION_REQUEST_STATUSES, type TransitionRequestStatus } from '@assay/core';
import { modelVersionStageJson } from './mlflow-registry-entities.js';

// The registry's audit log and transition requests on Assay's wire: snake_case,
// ids and versions as strings (as MLflow's int64 fields), timestamps as ms numbers,
// empty fields left out.

/** A transition request's status. */
export const transitionRequestStatusJson = z
  .enum(TRANSITION_REQUEST_STATUSES as readonly [TransitionRequestStatus, ...TransitionRequestStatus[]])
  .openapi('TransitionRequestStatus');

/** One entry of a registered model's audit log. */
export const registryEventJson = z
  .object({
    id: z.string().openapi({ example: '42', description: 'Increasing: later events have larger ids.' }),
    timestamp: z.number().int(),
    actor: z.string().optional().openapi({ description: 'Who made the change: the signed-in user when auth is on.' }),
    name: z.string().openapi({ description: "The model's name when the change was made." }),
    version: z.string().optional().openapi({ example: '3' }),
    action: z.string().openapi({ example: 'transition_stage' }),
    before: z.record(z.string(), z.unknown()).optional().openapi({ description: 'The values the change replaced, e.g. `{ "stage": "Staging" }`.' }),
    after: z.record(z.string(), z.unknown()).optional().openapi({ description: 'The values after the change.' }),
    comment: z.string().optional(),
  })
  .openapi('RegistryEvent');

/** A request to move a version to a stage, or an alias to it, that another user approves. */
export const transitionRequestJson = z
  .object({
    id: z.string().openapi({ example: '7' }),
    name: z.string(),
    version: z.string().openapi({ example: '3' }),
    stage: modelVersionStageJson.optional(),
    archive_existing_versions: z.boolean().optional(),
    alias: z.string().optional(),
    status: transitionRequestStatusJson,
    requested_by: z.string(),
    requested_timestamp: z.number().int(),
    comment: z.string().optional(),
    decided_by: z.string().optional(),
    decided_timestamp: z.number().int().optional(),
    decision_comment: z.string().optional(),
  })
  .openapi('TransitionRequest');

/**
 * Assay's optional fields on every registry write (MLflow's routes too; its
 * clients never send them): who makes the change and why, for the audit log.
 * Lengths are checked by the store.
 */
export const registryChangeNoteFields = {
  actor: z.string().optional().openapi({ description: 'Assay: who makes the change. Ignored when auth is on: the signed-in user is recorded instead.' }),
  comment: z.string().optional().openapi({ description: 'Assay: why, recorded in the audit log (at most 5000 characters).' }),
};
