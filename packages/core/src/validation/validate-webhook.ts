import { InvalidParameterError } from '../errors/assay-error.js';
import { WEBHOOK_EVENTS, type WebhookEvent, type WebhookStatus } from '../entities/webhook.js';
import type { CreateWebhookInput, UpdateWebhookInput } from '../store/webhook-store.js';
import { describe } from './validate-entity-key.js';

/** A webhook's fields, checked (undefined: not given). */
export interface ValidWebhook {
  name?: string;
  url?: string;
  events?: WebhookEvent[];
  description?: string;
  status?: WebhookStatus;
  secret?: string;
}

function text(value: unknown, what: string, max: number, min = 1): string {
  if (typeof value !== 'string' || value.length < min || value.length > max) {
    throw new InvalidParameterError(`${what} must be a string of ${min} to ${max} characters, got ${describe(value)}.`);
  }
  return value;
}

function url(value: unknown): string {
  const given = text(value, 'A webhook url', 2000);
  let parsed: URL;
  try {
    parsed = new URL(given);
  } catch {
    throw new InvalidParameterError(`Webhook url '${given}' is not a URL; give an absolute http:// or https:// URL.`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new InvalidParameterError(`Webhook url '${given}' must use http:// or https://, not ${parsed.protocol}`);
  }
  return given;
}

function events(value: unknown): WebhookEvent[] {
  if (!Array.isArray(value) || value.length === 0) {
    throw new InvalidParameterError(`A webhook needs a non-empty list of events, from: ${WEBHOOK_EVENTS.join(', ')}.`);
  }
  const unknown = value.filter((event) => !WEBHOOK_EVENTS.includes(event as WebhookEvent));
  if (unknown.length > 0) {
    throw new InvalidParameterError(`Unknown webhook event${unknown.length > 1 ? 's' : ''} ${unknown.map(describe).join(', ')}; the events are ${WEBHOOK_EVENTS.join(', ')}.`);
  }
  return [...new Set(value as WebhookEvent[])];
}

function status(value: unknown): WebhookStatus {
  if (value !== 'ACTIVE' && value !== 'DISABLED') throw new InvalidParameterError(`A webhook status is ACTIVE or DISABLED, got ${describe(value)}.`);
  return value;
}

function fields(input: Partial<CreateWebhookInput>): ValidWebhook {
  const valid: ValidWebhook = {};
  if (input.name !== undefined) valid.name = text(input.name, 'A webhook name', 256);
  if (input.url !== undefined) valid.url = url(input.url);
  if (input.events !== undefined) valid.events = events(input.events);
  if (input.description !== undefined) valid.description = text(input.description, 'A webhook description', 1000, 0);
  if (input.status !== undefined) valid.status = status(input.status);
  if (input.secret !== undefined) valid.secret = text(input.secret, 'A webhook secret', 256, 16);
  return valid;
}

/** Checks a createWebhook input: name, url and events are required. */
export function validateCreateWebhook(input: CreateWebhookInput): ValidWebhook & Required<Pick<ValidWebhook, 'name' | 'url' | 'events' | 'status'>> {
  if (input === null || typeof input !== 'object') throw new InvalidParameterError('createWebhook needs { name, url, events }.');
  const valid = fields(input);
  return { ...valid, name: valid.name ?? text(undefined, 'A webhook name', 256), url: valid.url ?? url(undefined), events: valid.events ?? events(undefined), status: valid.status ?? 'ACTIVE' };
}

/** Checks an updateWebhook input: an id and at least one field. */
export function validateUpdateWebhook(input: UpdateWebhookInput): ValidWebhook & { id: string } {
  const id = text(input?.id, 'A webhook id', 64);
  const valid = fields(input);
  if (Object.keys(valid).length === 0) throw new InvalidParameterError('updateWebhook needs a field to change: name, url, events, description, status or secret.');
  return { ...valid, id };
}
