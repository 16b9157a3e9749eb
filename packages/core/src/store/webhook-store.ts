import type { Page } from '../entities/page.js';
import type { DueWebhookDelivery, Webhook, WebhookDelivery, WebhookEvent, WebhookStatus } from '../entities/webhook.js';
import { hasMethods } from './registry-store.js';

/** Input of WebhookStore.createWebhook. */
export interface CreateWebhookInput {
  /** A name for people, at most 256 characters. */
  name: string;
  /** An http:// or https:// URL, at most 2000 characters. */
  url: string;
  /** At least one of WEBHOOK_EVENTS. */
  events: readonly (WebhookEvent | string)[];
  description?: string;
  /** Default ACTIVE. */
  status?: WebhookStatus;
  /** The key deliveries are signed with (HMAC-SHA256), 16 to 256 characters; unsigned without one. */
  secret?: string;
}

/** Input of WebhookStore.updateWebhook: the fields to change. */
export interface UpdateWebhookInput extends Partial<CreateWebhookInput> {
  id: string;
}

/** Input of WebhookStore.recordWebhookAttempt. */
export interface WebhookAttemptInput {
  deliveryId: string;
  /** true: delivered (a 2xx answer). */
  delivered: boolean;
  /** The receiver's HTTP status, when it answered. */
  statusCode?: number;
  /** Why it failed. */
  error?: string;
  /** When to try again; omitted for a failed attempt, the delivery is FAILED for good. */
  nextAttemptAt?: number;
}

/**
 * Webhooks on registry events, delivered by a server from an outbox: each
 * audit-log event that an ACTIVE webhook subscribes to gets a PENDING
 * delivery row in the transaction that records the event, so a delivery
 * exists exactly when its change does (a rolled-back change sends nothing),
 * and deliveries outlive a restart. The server's dispatcher takes due ones
 * with nextWebhookDeliveries and reports each attempt.
 */
export interface WebhookStore {
  /** @throws InvalidParameterError for a bad name, URL, event, status or secret. */
  createWebhook(input: CreateWebhookInput): Promise<Webhook>;
  /** @throws NotFoundError for an unknown id. */
  getWebhook(input: { id: string }): Promise<Webhook>;
  listWebhooks(input?: { maxResults?: number; pageToken?: string }): Promise<Page<Webhook>>;
  updateWebhook(input: UpdateWebhookInput): Promise<Webhook>;
  /** Deletes a webhook with its deliveries. */
  deleteWebhook(input: { id: string }): Promise<void>;
  /** Files a `test` delivery to a webhook, never due by itself: the server sends it once at once (the test call). */
  createTestWebhookDelivery(input: { id: string }): Promise<DueWebhookDelivery>;
  /** The PENDING deliveries due at `now` (oldest first), with URL, secret and body; also when the next later one is due. */
  nextWebhookDeliveries(input: { now: number; limit: number }): Promise<{ due: DueWebhookDelivery[]; nextDueAt?: number }>;
  /** Records one attempt of a delivery. */
  recordWebhookAttempt(input: WebhookAttemptInput): Promise<WebhookDelivery>;
  /** One webhook's deliveries, newest first. */
  listWebhookDeliveries(input: { webhookId: string; maxResults?: number; pageToken?: string }): Promise<Page<WebhookDelivery>>;
}

/** Every WebhookStore method, once (a Record, so that a method added to the interface must be added here). */
const WEBHOOK_METHODS: Record<keyof WebhookStore, true> = {
  createWebhook: true,
  getWebhook: true,
  listWebhooks: true,
  updateWebhook: true,
  deleteWebhook: true,
  createTestWebhookDelivery: true,
  nextWebhookDeliveries: true,
  recordWebhookAttempt: true,
  listWebhookDeliveries: true,
};

/** The names of WebhookStore's methods. */
export const WEBHOOK_STORE_METHODS = Object.keys(WEBHOOK_METHODS) as (keyof WebhookStore)[];

/** True when `store` keeps webhooks and their deliveries (WebhookStore): DuckDbStore and LocalStore do. */
export function isWebhookStore(store: unknown): store is WebhookStore {
  return hasMethods(store, WEBHOOK_STORE_METHODS);
}
