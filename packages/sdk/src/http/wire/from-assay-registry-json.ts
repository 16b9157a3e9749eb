import type { ModelVersionStage, RegistryAction, RegistryEvent, TransitionRequest, TransitionRequestStatus } from '@assay/core';

// The server's audit log and transition request JSON (Assay's routes: ids and
// versions as strings, empty fields left out) as the RegistryStore's entities.

export interface RegistryEventJson {
  id: string;
  timestamp: number;
  actor?: string;
  name: string;
  version?: string;
  action: RegistryAction;
  before?: Record<string, unknown>;
  after?: Record<string, unknown>;
  comment?: string;
}

export interface TransitionRequestJson {
  id: string;
  name: string;
  version: string;
  stage?: ModelVersionStage;
  archive_existing_versions?: boolean;
  alias?: string;
  status: TransitionRequestStatus;
  requested_by: string;
  requested_timestamp: number;
  comment?: string;
  decided_by?: string;
  decided_timestamp?: number;
  decision_comment?: string;
}

/** An audit log entry from the wire. */
export function toRegistryEvent(json: RegistryEventJson): RegistryEvent {
  return {
    id: Number(json.id),
    timestamp: json.timestamp,
    ...(json.actor !== undefined ? { actor: json.actor } : {}),
    name: json.name,
    ...(json.version !== undefined ? { version: Number(json.version) } : {}),
    action: json.action,
    ...(json.before !== undefined ? { before: json.before } : {}),
    ...(json.after !== undefined ? { after: json.after } : {}),
    ...(json.comment !== undefined ? { comment: json.comment } : {}),
  };
}

/** A transition request from the wire. */
export function toTransitionRequest(json: TransitionRequestJson): TransitionRequest {
  return {
    id: Number(json.id),
    name: json.name,
    version: Number(json.version),
    ...(json.stage !== undefined ? { stage: json.stage } : {}),
    ...(json.archive_existing_versions !== undefined ? { archiveExistingVersions: json.archive_existing_versions } : {}),
    ...(json.alias !== undefined ? { alias: json.alias } : {}),
    status: json.status,
    requestedBy: json.requested_by,
    requestedAt: json.requested_timestamp,
    ...(json.comment !== undefined ? { comment: json.comment } : {}),
    ...(json.decided_by !== undefined ? { decidedBy: json.decided_by } : {}),
    ...(json.decided_timestamp !== undefined ? { decidedAt: json.decided_timestamp } : {}),
    ...(json.decision_comment !== undefined ? { decisionComment: json.decision_comment } : {}),
  };
}
