import type { DuckDBConnection, DuckDBValue } from '@duckdb/node-api';
import {
  AlreadyExistsError,
  AssayError,
  ConflictError,
  NotFoundError,
  validateMaxResults,
  validateRegisteredModelName,
  validateTransitionRequestStatus,
  type ListTransitionRequestsInput,
  type ModelVersionStage,
  type Page,
  type TransitionRequest,
  type TransitionRequestStatus,
  type ValidChangeNote,
  type ValidDecision,
  type ValidTransitionRequest,
} from '@assay/core';
import { toNumber } from '../queries/to-number.js';
import { keyOfPageToken } from './key-page-token.js';
import { recordRegistryEvent } from './registry-events.js';
import { requireModelKey, requireVersionKey } from './require-registry-entity.js';
import { setModelAlias, transitionModelVersionStage } from './write-model-version.js';

// Every function here runs inside the caller's transaction, with input checked by core's validation.

/** Refuses a direct stage change or alias move of a protected model: it needs an approved transition request. */
export async function assertUnprotected(connection: DuckDBConnection, name: string, change: string): Promise<void> {
  const row = (await connection.runAndReadAll('SELECT protected FROM registered_models WHERE name = $1', [name])).getRows()[0];
  if (row?.[0] === true) {
    throw new AssayError(
      'PERMISSION_DENIED',
      `Permission denied: registered model '${name}' is protected, so ${change} needs an approved transition request. Create one with createTransitionRequest; someone else with MANAGE on the model approves it.`,
    );
  }
}

/** Protects a model or lifts its protection. */
export async function setModelProtection(connection: DuckDBConnection, { name, isProtected }: { name: string; isProtected: boolean }, note: ValidChangeNote): Promise<void> {
  const modelKey = await requireModelKey(connection, name);
  const before = (await connection.runAndReadAll('SELECT protected FROM registered_models WHERE model_key = $1', [modelKey])).getRows()[0]![0] === true;
  if (before === isProtected) return;
  await connection.run('UPDATE registered_models SET protected = $2, last_updated_time = $3 WHERE model_key = $1', [modelKey, isProtected, Date.now()]);
  await recordRegistryEvent(connection, { modelKey, name, action: 'set_protection', before: { protected: before }, after: { protected: isProtected } }, note);
}

function asked(request: { stage: ModelVersionStage | undefined; alias: string | undefined; archiveExisting: boolean }): Record<string, unknown> {
  return request.alias === undefined ? { stage: request.stage, ...(request.archiveExisting ? { archiveExistingVersions: true } : {}) } : { alias: request.alias };
}

/** Files a pending request and returns its id; the same pending change twice is refused. */
export async function createTransitionRequest(connection: DuckDBConnection, request: ValidTransitionRequest): Promise<number> {
  const { modelKey } = await requireVersionKey(connection, request.name, request.version);
  const same = await connection.runAndReadAll(
    `SELECT request_key FROM transition_requests WHERE model_key = $1 AND version = $2 AND status = 'PENDING'
     AND target_stage IS NOT DISTINCT FROM $3 AND target_alias IS NOT DISTINCT FROM $4`,
    [modelKey, request.version, request.stage ?? null, request.alias ?? null],
  );
  const pending = same.getRows()[0];
  if (pending) {
    throw new AlreadyExistsError(`Transition request ${toNumber(pending[0])} already asks for this change of version ${request.version} of '${request.name}' and is pending.`);
  }
  const next = await connection.runAndReadAll('SELECT coalesce(max(request_key), 0) + 1 FROM transition_requests');
  const requestKey = toNumber(next.getRows()[0]![0]);
  await connection.run(
    `INSERT INTO transition_requests (request_key, model_key, model_name, version, target_stage, archive_existing, target_alias, status, requested_by, requested_time, comment)
     VALUES ($1, $2, $3, $4, $5, $6, $7, 'PENDING', $8, $9, $10)`,
    [requestKey, modelKey, request.name, request.version, request.stage ?? null, request.archiveExisting, request.alias ?? null, request.actor, Date.now(), request.comment ?? null],
  );
  const after = { request: requestKey, status: 'PENDING', ...asked(request) };
  await recordRegistryEvent(connection, { modelKey, name: request.name, version: request.version, action: 'create_request', after }, request);
  return requestKey;
}

const REQUEST_COLUMNS = `r.request_key, coalesce(m.name, r.model_name), r.version, r.target_stage, r.archive_existing, r.target_alias, r.status,
  r.requested_by, r.requested_time, r.comment, r.decided_by, r.decided_time, r.decision_comment, r.model_key`;

function toRequest(row: DuckDBValue[]): TransitionRequest {
  const [key, name, version, stage, archive, alias, status, requestedBy, requestedTime, comment, decidedBy, decidedTime, decisionComment] = row;
  const request: TransitionRequest = {
    id: toNumber(key),
    name: String(name),
    version: toNumber(version),
    status: String(status) as TransitionRequestStatus,
    requestedBy: String(requestedBy),
    requestedAt: toNumber(requestedTime),
  };
  if (stage !== null) {
    request.stage = String(stage) as ModelVersionStage;
    if (archive === true) request.archiveExistingVersions = true;
  }
  if (alias !== null) request.alias = String(alias);
  if (comment !== null) request.comment = String(comment);
  if (decidedBy !== null) request.decidedBy = String(decidedBy);
  if (decidedTime !== null) request.decidedAt = toNumber(decidedTime);
  if (decisionComment !== null) request.decisionComment = String(decisionComment);
  return request;
}

/** One request; NotFoundError says how to list them. */
export async function readTransitionRequest(connection: DuckDBConnection, id: number): Promise<TransitionRequest & { modelKey: number }> {
  const row = (
    await connection.runAndReadAll(`SELECT ${REQUEST_COLUMNS} FROM transition_requests r LEFT JOIN registered_models m USING (model_key) WHERE r.request_key = $1`, [id])
  ).getRows()[0];
  if (!row) throw new NotFoundError(`Transition request ${id} not found. List pending requests with listTransitionRequests.`);
  return { ...toRequest(row), modelKey: toNumber(row[13]) };
}

/**
 * Approves (making the change, as the approver, with the approval's comment)
 * or rejects a pending request. The requester may reject but never approve
 * their own request.
 */
export async function decideTransitionRequest(connection: DuckDBConnection, decision: ValidDecision, outcome: 'APPROVED' | 'REJECTED'): Promise<void> {
  const request = await readTransitionRequest(connection, decision.id);
  if (request.status !== 'PENDING') {
    throw new ConflictError(
      `Transition request ${request.id} is ${request.status}${request.decidedBy === undefined ? '' : ` (by ${request.decidedBy})`}, not pending; file a new request to ask again.`,
    );
  }
  if (outcome === 'APPROVED' && decision.actor === request.requestedBy) {
    throw new AssayError('PERMISSION_DENIED', `Permission denied: ${decision.actor} made transition request ${request.id} and cannot approve it; another user with MANAGE on '${request.name}' must.`);
  }
  const note = { actor: decision.actor, comment: decision.comment };
  if (outcome === 'APPROVED') {
    if (request.stage !== undefined) {
      await transitionModelVersionStage(connection, { name: request.name, version: request.version, stage: request.stage, archiveExisting: request.archiveExistingVersions === true }, note);
    } else if (request.alias !== undefined) {
      await setModelAlias(connection, { name: request.name, alias: request.alias, version: request.version }, note);
    }
  }
  await connection.run('UPDATE transition_requests SET status = $2, decided_by = $3, decided_time = $4, decision_comment = $5 WHERE request_key = $1', [
    request.id,
    outcome,
    decision.actor,
    Date.now(),
    decision.comment ?? null,
  ]);
  const change = { before: { request: request.id, status: 'PENDING' }, after: { request: request.id, status: outcome } };
  const action = outcome === 'APPROVED' ? 'approve_request' : 'reject_request';
  await recordRegistryEvent(connection, { modelKey: request.modelKey, name: request.name, version: request.version, action, ...change }, note);
}

/** Requests in the order they were made: one model's or all, pending ones unless another status is asked. */
export async function listTransitionRequests(connection: DuckDBConnection, input: ListTransitionRequestsInput = {}): Promise<Page<TransitionRequest>> {
  const status = input.status === undefined ? 'PENDING' : validateTransitionRequestStatus(input.status);
  const limit = validateMaxResults({ maxResults: input.maxResults, fallback: 100, limit: 1000 });
  const after = keyOfPageToken(input.pageToken, 0);
  const values: DuckDBValue[] = [status, after];
  let model = '';
  if (input.name !== undefined) {
    values.push(await requireModelKey(connection, validateRegisteredModelName(input.name)));
    model = 'AND r.model_key = $3';
  }
  const result = await connection.runAndReadAll(
    `SELECT ${REQUEST_COLUMNS} FROM transition_requests r LEFT JOIN registered_models m USING (model_key)
     WHERE r.status = $1 AND r.request_key > $2 ${model} ORDER BY r.request_key LIMIT ${limit + 1}`,
    values,
  );
  const requests = result.getRows().map(toRequest);
  const page = requests.slice(0, limit);
  return { items: page, ...(requests.length > limit ? { nextPageToken: String(page[page.length - 1]!.id) } : {}) };
}
