import type { DuckDBConnection } from '@duckdb/node-api';
import {
  NotFoundError,
  validateMaxResults,
  validateModelVersionNumber,
  validateRegisteredModelName,
  type ListRegistryEventsInput,
  type Page,
  type RegistryAction,
  type RegistryEvent,
  type ValidChangeNote,
} from '@assay/core';
import { toNumber } from '../queries/to-number.js';
import { keyOfPageToken } from './key-page-token.js';
import { registryChanged } from './version-cache.js';
import { enqueueWebhookDeliveries } from './webhook-outbox.js';

/** One registry change, as its write function knows it (who and why come from the input's ValidChangeNote). */
export interface RegistryChange {
  modelKey: number;
  /** The model's name when the change was made. */
  name: string;
  version?: number;
  action: RegistryAction;
  before?: Record<string, unknown>;
  after?: Record<string, unknown>;
}

/** An object as JSON; null for none or an empty one. */
function jsonOrNull(values: Record<string, unknown> | undefined): string | null {
  return values === undefined || Object.keys(values).length === 0 ? null : JSON.stringify(values);
}

/** Appends a change to the audit log, inside the transaction that makes the change (so it exists exactly when the change does). */
export async function recordRegistryEvent(connection: DuckDBConnection, change: RegistryChange, note: ValidChangeNote): Promise<void> {
  registryChanged(connection);
  const time = Date.now();
  const inserted = await connection.runAndReadAll(
    `INSERT INTO registry_events (event_key, time, actor, model_key, model_name, version, action, before_json, after_json, comment)
     SELECT coalesce(max(event_key), 0) + 1, $1, $2, $3, $4, $5, $6, $7, $8, $9 FROM registry_events RETURNING event_key`,
    [
      time,
      note.actor ?? null,
      change.modelKey,
      change.name,
      change.version ?? null,
      change.action,
      jsonOrNull(change.before),
      jsonOrNull(change.after),
      note.comment ?? null,
    ],
  );
  await enqueueWebhookDeliveries(connection, { eventKey: toNumber(inserted.getRows()[0]![0]), time, change, note });
}

/**
 * The key for a new model: above every key in use and every key the audit
 * log has seen, so a deleted model's history is never joined to a new one.
 */
export async function nextModelKey(connection: DuckDBConnection): Promise<number> {
  const result = await connection.runAndReadAll(
    'SELECT greatest((SELECT coalesce(max(model_key), 0) FROM registered_models), (SELECT coalesce(max(model_key), 0) FROM registry_events)) + 1',
  );
  return toNumber(result.getRows()[0]![0]);
}

/** The model whose history a name asks for: the model of that name, else the last one that had it (deleted or renamed since). */
async function modelKeyOfHistory(connection: DuckDBConnection, name: string): Promise<number> {
  const current = await connection.runAndReadAll('SELECT model_key FROM registered_models WHERE name = $1', [name]);
  const row = current.getRows()[0] ?? (await connection.runAndReadAll('SELECT max_by(model_key, event_key) FROM registry_events WHERE model_name = $1 HAVING count(*) > 0', [name])).getRows()[0];
  if (row === undefined) {
    throw new NotFoundError(`Registered model '${name}' not found, and no model of that name has existed in this store. List models with searchRegisteredModels.`);
  }
  return toNumber(row[0]);
}

function parsed(json: unknown): Record<string, unknown> | undefined {
  return json === null || json === undefined ? undefined : (JSON.parse(String(json)) as Record<string, unknown>);
}

/** One page of a model's audit log (or one version's), oldest first. */
export async function listRegistryEvents(connection: DuckDBConnection, input: ListRegistryEventsInput): Promise<Page<RegistryEvent>> {
  const name = validateRegisteredModelName(input?.name);
  const version = input.version === undefined ? undefined : validateModelVersionNumber(input.version);
  const limit = validateMaxResults({ maxResults: input.maxResults, fallback: 100, limit: 1000 });
  const after = keyOfPageToken(input.pageToken, 0);
  const modelKey = await modelKeyOfHistory(connection, name);
  const result = await connection.runAndReadAll(
    `SELECT event_key, time, actor, model_name, version, action, before_json, after_json, comment FROM registry_events
     WHERE model_key = $1 AND event_key > $2 ${version === undefined ? '' : 'AND version = $3'}
     ORDER BY event_key LIMIT ${limit + 1}`,
    version === undefined ? [modelKey, after] : [modelKey, after, version],
  );
  const events = result.getRows().map(([key, time, actor, modelName, eventVersion, action, before, afterJson, comment]): RegistryEvent => {
    const event: RegistryEvent = { id: toNumber(key), timestamp: toNumber(time), name: String(modelName), action: String(action) as RegistryAction };
    if (actor !== null) event.actor = String(actor);
    if (eventVersion !== null) event.version = toNumber(eventVersion);
    const beforeValues = parsed(before);
    const afterValues = parsed(afterJson);
    if (beforeValues) event.before = beforeValues;
    if (afterValues) event.after = afterValues;
    if (comment !== null) event.comment = String(comment);
    return event;
  });
  const page = events.slice(0, limit);
  return { items: page, ...(events.length > limit ? { nextPageToken: String(page[page.length - 1]!.id) } : {}) };
}
