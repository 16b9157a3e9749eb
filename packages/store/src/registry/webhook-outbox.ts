import type { DuckDBConnection } from '@duckdb/node-api';
import type { RegistryAction, ValidChangeNote, WebhookEvent } from '@assay/core';
import { toNumber } from '../queries/to-number.js';
import type { RegistryChange } from './registry-events.js';

// The audit-log actions that webhooks can subscribe to, by event name (a prompt's own names where it has them).
const EVENT_OF_ACTION: Partial<Record<RegistryAction, { model: WebhookEvent; prompt?: WebhookEvent }>> = {
  create_model: { model: 'registered_model.created', prompt: 'prompt.created' },
  create_version: { model: 'model_version.created', prompt: 'prompt_version.created' },
  set_version_tag: { model: 'model_version_tag.set' },
  delete_version_tag: { model: 'model_version_tag.deleted' },
  set_alias: { model: 'model_version_alias.created' },
  delete_alias: { model: 'model_version_alias.deleted' },
  transition_stage: { model: 'model_version.stage_transitioned' },
  create_request: { model: 'transition_request.created' },
  approve_request: { model: 'transition_request.approved' },
  reject_request: { model: 'transition_request.rejected' },
};

async function isPrompt(connection: DuckDBConnection, modelKey: number): Promise<boolean> {
  const rows = await connection.runAndReadAll(`SELECT 1 FROM registered_model_tags WHERE model_key = $1 AND key = 'mlflow.prompt.is_prompt' AND value = 'true'`, [modelKey]);
  return rows.getRows().length > 0;
}

/** The body a delivery of this event sends: the event's name, time and audit-log entry. */
function payloadOf(event: WebhookEvent, eventKey: number, time: number, change: RegistryChange, note: ValidChangeNote): string {
  return JSON.stringify({
    event,
    timestamp: time,
    registry_event_id: eventKey,
    data: {
      name: change.name,
      ...(change.version === undefined ? {} : { version: String(change.version) }),
      ...(note.actor === undefined ? {} : { actor: note.actor }),
      ...(note.comment === undefined ? {} : { comment: note.comment }),
      ...(change.before === undefined ? {} : { before: change.before }),
      ...(change.after === undefined ? {} : { after: change.after }),
    },
  });
}

/**
 * Files a PENDING delivery of a just-recorded registry event for each ACTIVE
 * webhook subscribed to it, in the event's transaction: the outbox the
 * server's dispatcher sends from.
 */
export async function enqueueWebhookDeliveries(
  connection: DuckDBConnection,
  { eventKey, time, change, note }: { eventKey: number; time: number; change: RegistryChange; note: ValidChangeNote },
): Promise<void> {
  const names = EVENT_OF_ACTION[change.action];
  if (names === undefined) return;
  const active = await connection.runAndReadAll(`SELECT webhook_key, events_json FROM webhooks WHERE status = 'ACTIVE'`);
  if (active.getRows().length === 0) return;
  const event = names.prompt !== undefined && (await isPrompt(connection, change.modelKey)) ? names.prompt : names.model;
  const subscribed = active.getRows().filter(([, events]) => (JSON.parse(String(events)) as string[]).includes(event));
  if (subscribed.length === 0) return;
  const payload = payloadOf(event, eventKey, time, change, note);
  for (const [webhookKey] of subscribed) {
    await connection.run(
      `INSERT INTO webhook_deliveries (delivery_key, webhook_key, event, event_key, payload, status, attempts, next_attempt_time, creation_time)
       SELECT coalesce(max(delivery_key), 0) + 1, $1, $2, $3, $4, 'PENDING', 0, $5, $5 FROM webhook_deliveries`,
      [toNumber(webhookKey), event, eventKey, payload, time],
    );
  }
}
