import { errorMessage, type DueWebhookDelivery, type WebhookStore } from '@assay/core';
import { signWebhookPayload, WEBHOOK_HEADERS } from './sign-webhook.js';

/** What one attempt of a delivery got. */
export interface WebhookAttemptResult {
  /** A 2xx answer. */
  delivered: boolean;
  statusCode?: number;
  /** The start of the answer's body (at most 1,000 characters; for the test call). */
  responseBody?: string;
  /** Why it failed: a timeout, a refused connection, a non-2xx answer. */
  error?: string;
}

/** Options of sendWebhook. */
export interface SendWebhookOptions {
  fetch: typeof fetch;
  /** How long to wait for the receiver's answer, headers and body. */
  timeoutMs: number;
}

/** POSTs one delivery (signed when the webhook has a secret) and says what came of it; never throws. */
export async function sendWebhook(due: DueWebhookDelivery, { fetch, timeoutMs }: SendWebhookOptions): Promise<WebhookAttemptResult> {
  const timestamp = Math.floor(Date.now() / 1000);
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'user-agent': 'assay-webhooks/1',
    [WEBHOOK_HEADERS.deliveryId]: due.delivery.id,
    [WEBHOOK_HEADERS.timestamp]: String(timestamp),
    [WEBHOOK_HEADERS.event]: due.delivery.event,
  };
  if (due.secret !== undefined) headers[WEBHOOK_HEADERS.signature] = signWebhookPayload({ secret: due.secret, deliveryId: due.delivery.id, timestamp, body: due.payload });
  const signal = AbortSignal.timeout(timeoutMs);
  try {
    // Redirects are not followed: a receiver answers where it was registered.
    const response = await fetch(due.url, { method: 'POST', headers, body: due.payload, redirect: 'manual', signal });
    const text = (await response.text()).slice(0, 1000);
    if (response.status >= 200 && response.status < 300) return { delivered: true, statusCode: response.status, responseBody: text };
    return { delivered: false, statusCode: response.status, responseBody: text, error: `the receiver answered ${response.status}` };
  } catch (error) {
    if (signal.aborted) return { delivered: false, error: `no answer within ${timeoutMs} ms` };
    return { delivered: false, error: errorMessage(error) };
  }
}

/** Files a test delivery to a webhook, sends it once now and records the attempt: what the test call answers. */
export async function sendTestDelivery(store: WebhookStore, webhookId: string, options: SendWebhookOptions): Promise<WebhookAttemptResult> {
  const due = await store.createTestWebhookDelivery({ id: webhookId });
  const result = await sendWebhook(due, options);
  const { responseBody: _body, ...attempt } = result;
  await store.recordWebhookAttempt({ deliveryId: due.delivery.id, ...attempt });
  return result;
}
