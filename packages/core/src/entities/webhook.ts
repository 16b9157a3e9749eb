/**
 * The registry events a webhook can subscribe to: MLflow's names for the
 * ones MLflow has, and Assay's for stage transitions and transition requests.
 */
export const WEBHOOK_EVENTS = [
  'registered_model.created',
  'model_version.created',
  'model_version_tag.set',
  'model_version_tag.deleted',
  'model_version_alias.created',
  'model_version_alias.deleted',
  'model_version.stage_transitioned',
  'transition_request.created',
  'transition_request.approved',
  'transition_request.rejected',
  'prompt.created',
  'prompt_version.created',
] as const;

/** One registry event a webhook can subscribe to, e.g. `model_version.created`. */
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];

/** ACTIVE webhooks get deliveries; DISABLED ones keep their settings and get none. */
export type WebhookStatus = 'ACTIVE' | 'DISABLED';

/** A URL told of registry events (MLflow's webhook). Its secret is never read back. */
export interface Webhook {
  id: string;
  name: string;
  /** http(s) URL the deliveries are POSTed to. */
  url: string;
  events: WebhookEvent[];
  description?: string;
  status: WebhookStatus;
  /** Whether deliveries are signed (a secret was set). */
  signed: boolean;
  creationTimestamp: number;
  lastUpdatedTimestamp: number;
}

/** Where one delivery stands: PENDING until delivered, or FAILED after its last attempt. */
export type WebhookDeliveryStatus = 'PENDING' | 'DELIVERED' | 'FAILED';

/** One event sent (or being sent) to one webhook. */
export interface WebhookDelivery {
  id: string;
  webhookId: string;
  event: WebhookEvent | 'test';
  /** The audit-log event it tells of (absent for a test delivery). */
  registryEventId?: number;
  status: WebhookDeliveryStatus;
  attempts: number;
  /** The HTTP status of the last attempt, when the receiver answered. */
  lastStatusCode?: number;
  /** Why the last attempt failed (timeout, refused connection, non-2xx answer). */
  lastError?: string;
  /** When the next attempt is due (PENDING only). */
  nextAttemptAt?: number;
  createdAt: number;
  /** When it was delivered. */
  deliveredAt?: number;
}

/** A delivery due now, with what sending it needs (for the server's dispatcher only: it holds the secret). */
export interface DueWebhookDelivery {
  delivery: WebhookDelivery;
  url: string;
  /** The HMAC-SHA256 key, when the webhook has one. */
  secret?: string;
  /** The JSON body, exactly as it is to be sent and signed. */
  payload: string;
}
