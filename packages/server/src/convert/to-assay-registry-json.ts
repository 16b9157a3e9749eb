import type { z } from '@hono/zod-openapi';
import type { RegistryEvent, TransitionRequest } from '@assay/core';
import type { registryEventJson, transitionRequestJson } from '../schemas/assay-registry-entities.js';

/** An audit log entry as Assay's JSON (id and version as strings). */
export function toAssayRegistryEvent(event: RegistryEvent): z.infer<typeof registryEventJson> {
  return {
    id: String(event.id),
    timestamp: event.timestamp,
    ...(event.actor !== undefined ? { actor: event.actor } : {}),
    name: event.name,
    ...(event.version !== undefined ? { version: String(event.version) } : {}),
    action: event.action,
    ...(event.before !== undefined ? { before: event.before } : {}),
    ...(event.after !== undefined ? { after: event.after } : {}),
    ...(event.comment !== undefined ? { comment: event.comment } : {}),
  };
}

/** A transition request as Assay's JSON (id and version as strings). */
export function toAssayTransitionRequest(request: TransitionRequest): z.infer<typeof transitionRequestJson> {
  return {
    id: String(request.id),
    name: request.name,
    version: String(request.version),
    ...(request.stage !== undefined ? { stage: request.stage } : {}),
    ...(request.archiveExistingVersions !== undefined ? { archive_existing_versions: request.archiveExistingVersions } : {}),
    ...(request.alias !== undefined ? { alias: request.alias } : {}),
    status: request.status,
    requested_by: request.requestedBy,
    requested_timestamp: request.requestedAt,
    ...(request.comment !== undefined ? { comment: request.comment } : {}),
    ...(request.decidedBy !== undefined ? { decided_by: request.decidedBy } : {}),
    ...(request.decidedAt !== undefined ? { decided_timestamp: request.decidedAt } : {}),
    ...(request.decisionComment !== undefined ? { decision_comment: request.decisionComment } : {}),
  };
}
