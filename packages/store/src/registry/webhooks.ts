import type { DuckDBConnection, DuckDBValue } from '@duckdb/node-api';
import {
  InvalidParameterError,
  NotFoundError,
  validateMaxResults,
  type DueWebhookDelivery,
  type Page,
  type ValidWebhook,
  type Webhook,
  type WebhookAttemptInput,
  type WebhookDelivery,
  type WebhookDeliveryStatus,
  type WebhookEvent,
  type WebhookStatus,
} from '@assay/core';
import { toNumber } from '../queries/to-number.js';
import { keyOfPageToken } from './key-page-token.js';

// Every function here runs inside the caller's transaction (or exclusive read), with input checked by core's validation.

const WEBHOOK_COLUMNS = 'webhook_key, name, url, events_json, description, status, secret IS NOT NULL, creation_time, last_updated_time';

function toWebhook([key, name, url, events, description, status, signed, created, updated]: DuckDBValue[]): Webhook {
  return {
    id: String(toNumber(key)),
    name: String(name),
    url: String(url),
    events: JSON.parse(String(events)) as WebhookEvent[],
    ...(description === null ? {} : { description: String(description) }),
    status: String(status) as WebhookStatus,
    signed: signed === true,
    creationTimestamp: toNumber(created),
    lastUpdatedTimestamp: toNumber(updated),
  };
}

/** A webhook id as the store's key; InvalidParameterError for anything but digits. */
export function webhookKey(id: unknown, what = 'webhook'): number {
  if (typeof id !== 'string' || !/^\d{1,15}$/u.test(id)) throw new InvalidParameterError(`Invalid ${what} id ${JSON.stringify(id)}: list them to see their ids.`);
  return Number(id);
}

/** One webhook; NotFoundError says how to list them. */
export async function readWebhook(connection: DuckDBConnection, id: string): Promise<Webhook> {
  const row = (await connection.runAndReadAll(`SELECT ${WEBHOOK_COLUMNS} FROM webhooks WHERE webhook_key = $1`, [webhookKey(id)])).getRows()[0];
  if (!row) throw new NotFoundError(`Webhook ${id} not found. List webhooks with listWebhooks.`);
  return toWebhook(row);
}

/** Inserts a webhook and returns its id. */
export async function createWebhook(connection: DuckDBConnection, webhook: ValidWebhook & Required<Pick<ValidWebhook, 'name' | 'url' | 'events' | 'status'>>): Promise<string> {
  const next = await connection.runAndReadAll('SELECT coalesce(max(webhook_key), 0) + 1 FROM webhooks');
  const key = toNumber(next.getRows()[0]![0]);
  const now = Date.now();
  await connection.run(
    'INSERT INTO webhooks (webhook_key, name, url, events_json, description, status, secret, creation_time, last_updated_time) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8)',
    [key, webhook.name, webhook.url, JSON.stringify(webhook.events), webhook.description || null, webhook.status, webhook.secret ?? null, now],
  );
  return String(key);
}

/** Changes the given fields of a webhook. */
export async function updateWebhook(connection: DuckDBConnection, update: ValidWebhook & { id: string }): Promise<void> {
  const key = webhookKey(update.id);
  await readWebhook(connection, update.id);
  const columns: [string, DuckDBValue][] = [];
  if (update.name !== undefined) columns.push(['name', update.name]);
  if (update.url !== undefined) columns.push(['url', update.url]);
  if (update.events !== undefined) columns.push(['events_json', JSON.stringify(update.events)]);
  if (update.description !== undefined) columns.push(['description', update.description || null]);
  if (update.status !== undefined) columns.push(['status', update.status]);
  if (update.secret !== undefined) columns.push(['secret', update.secret]);
  const sets = columns.map(([column], index) => `${column} = $${index + 3}`).join(', ');
  await connection.run(`UPDATE webhooks SET last_updated_time = $2, ${sets} WHERE webhook_key = $1`, [key, Date.now(), ...columns.map(([, value]) => value)]);
}

/** Deletes a webhook and its deliveries. */
export async function deleteWebhook(connection: DuckDBConnection, id: string): Promise<void> {
  await readWebhook(connection, id);
  await connection.run('DELETE FROM webhook_deliveries WHERE webhook_key = $1', [webhookKey(id)]);
  await connection.run('DELETE FROM webhooks WHERE webhook_key = $1', [webhookKey(id)]);
}

/** One page of webhooks by id. */
export async function listWebhooks(connection: DuckDBConnection, input: { maxResults?: number; pageToken?: string } = {}): Promise<Page<Webhook>> {
  const limit = validateMaxResults({ maxResults: input.maxResults, fallback: 100, limit: 1000 });
  const after = keyOfPageToken(input.pageToken, 0);
  const rows = (await connection.runAndReadAll(`SELECT ${WEBHOOK_COLUMNS} FROM webhooks WHERE webhook_key > $1 ORDER BY webhook_key LIMIT ${limit + 1}`, [after])).getRows();
  const page = rows.slice(0, limit).map(toWebhook);
  return { items: page, ...(rows.length > limit ? { nextPageToken: page[page.length - 1]!.id } : {}) };
}

const DELIVERY_COLUMNS = 'delivery_key, webhook_key, event, event_key, status, attempts, last_status_code, last_error, next_attempt_time, creation_time, delivered_time';

function toDelivery([key, webhook, event, eventKey, status, attempts, code, error, next, created, delivered]: DuckDBValue[]): WebhookDelivery {
  return {
    id: String(toNumber(key)),
    webhookId: String(toNumber(webhook)),
    event: String(event) as WebhookDelivery['event'],
    ...(eventKey === null ? {} : { registryEventId: toNumber(eventKey) }),
    status: String(status) as WebhookDeliveryStatus,
    attempts: toNumber(attempts),
    ...(code === null ? {} : { lastStatusCode: toNumber(code) }),
    ...(error === null ? {} : { lastError: String(error) }),
    ...(next === null ? {} : { nextAttemptAt: toNumber(next) }),
    createdAt: toNumber(created),
    ...(delivered === null ? {} : { deliveredAt: toNumber(delivered) }),
  };
}

async function readDelivery(connection: DuckDBConnection, id: string): Promise<WebhookDelivery> {
  const row = (await connection.runAndReadAll(`SELECT ${DELIVERY_COLUMNS} FROM webhook_deliveries WHERE delivery_key = $1`, [webhookKey(id, 'delivery')])).getRows()[0];
  if (!row) throw new NotFoundError(`Webhook delivery ${id} not found.`);
  return toDelivery(row);
}

/** Files a `test` delivery, never picked up as due: the caller sends it once itself. */
export async function createTestDelivery(connection: DuckDBConnection, id: string): Promise<DueWebhookDelivery> {
  const webhook = await readWebhook(connection, id);
  const now = Date.now();
  const payload = JSON.stringify({ event: 'test', timestamp: now, data: { webhook_id: webhook.id, name: webhook.name, message: 'A test delivery from Assay.' } });
  const inserted = await connection.runAndReadAll(
    `INSERT INTO webhook_deliveries (delivery_key, webhook_key, event, event_key, payload, status, attempts, next_attempt_time, creation_time)
     SELECT coalesce(max(delivery_key), 0) + 1, $1, 'test', NULL, $2, 'PENDING', 0, NULL, $3 FROM webhook_deliveries RETURNING delivery_key`,
    [webhookKey(id), payload, now],
  );
  const secret = (await connection.runAndReadAll('SELECT secret FROM webhooks WHERE webhook_key = $1', [webhookKey(id)])).getRows()[0]![0];
  const delivery = await readDelivery(connection, String(toNumber(inserted.getRows()[0]![0])));
  return { delivery, url: webhook.url, ...(secret === null ? {} : { secret: String(secret) }), payload };
}

/** The deliveries due at `now`, oldest first, with what sending them needs; and when the next later one is due. */
export async function nextDeliveries(connection: DuckDBConnection, { now, limit }: { now: number; limit: number }): Promise<{ due: DueWebhookDelivery[]; nextDueAt?: number }> {
  const rows = await connection.runAndReadAll(
    `SELECT ${DELIVERY_COLUMNS.split(', ').map((column) => `d.${column}`).join(', ')}, w.url, w.secret, d.payload
     FROM webhook_deliveries d JOIN webhooks w USING (webhook_key)
     WHERE d.status = 'PENDING' AND d.next_attempt_time <= $1 ORDER BY d.next_attempt_time, d.delivery_key LIMIT ${Math.max(1, Math.floor(limit))}`,
    [now],
  );
  const due = rows.getRows().map((row): DueWebhookDelivery => {
    const [url, secret, payload] = row.slice(11);
    return { delivery: toDelivery(row.slice(0, 11)), url: String(url), ...(secret === null ? {} : { secret: String(secret) }), payload: String(payload) };
  });
  const later = (await connection.runAndReadAll(`SELECT min(next_attempt_time) FROM webhook_deliveries WHERE status = 'PENDING' AND next_attempt_time > $1`, [now])).getRows()[0]![0];
  return { due, ...(later === null ? {} : { nextDueAt: toNumber(later) }) };
}

/** Records one attempt: DELIVERED, PENDING again at nextAttemptAt, or FAILED for good. */
export async function recordAttempt(connection: DuckDBConnection, attempt: WebhookAttemptInput): Promise<WebhookDelivery> {
  const id = webhookKey(attempt.deliveryId, 'delivery');
  const now = Date.now();
  const status: WebhookDeliveryStatus = attempt.delivered ? 'DELIVERED' : attempt.nextAttemptAt === undefined ? 'FAILED' : 'PENDING';
  await readDelivery(connection, attempt.deliveryId);
  await connection.run(
    `UPDATE webhook_deliveries SET status = $2, attempts = attempts + 1, last_status_code = $3, last_error = $4, next_attempt_time = $5, delivered_time = $6 WHERE delivery_key = $1`,
    [id, status, attempt.statusCode ?? null, attempt.error === undefined ? null : attempt.error.slice(0, 1000), status === 'PENDING' ? attempt.nextAttemptAt! : null, attempt.delivered ? now : null],
  );
  return readDelivery(connection, attempt.deliveryId);
}

/** One webhook's deliveries, newest first. */
export async function listDeliveries(connection: DuckDBConnection, input: { webhookId: string; maxResults?: number; pageToken?: string }): Promise<Page<WebhookDelivery>> {
  await readWebhook(connection, input.webhookId);
  const limit = validateMaxResults({ maxResults: input.maxResults, fallback: 100, limit: 1000 });
  const before = keyOfPageToken(input.pageToken, Number.MAX_SAFE_INTEGER);
  const rows = (
    await connection.runAndReadAll(
      `SELECT ${DELIVERY_COLUMNS} FROM webhook_deliveries WHERE webhook_key = $1 AND delivery_key < $2 ORDER BY delivery_key DESC LIMIT ${limit + 1}`,
      [webhookKey(input.webhookId), before],
    )
  ).getRows();
  const page = rows.slice(0, limit).map(toDelivery);
  return { items: page, ...(rows.length > limit ? { nextPageToken: page[page.length - 1]!.id } : {}) };
}
