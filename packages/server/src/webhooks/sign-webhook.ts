import { createHmac, timingSafeEqual } from 'node:crypto';

/** The headers of a webhook delivery: which delivery, when, what event, and the signature when the webhook has a secret. */
export const WEBHOOK_HEADERS = {
  deliveryId: 'x-assay-delivery-id',
  timestamp: 'x-assay-timestamp',
  event: 'x-assay-event',
  signature: 'x-assay-signature',
} as const;

/**
 * The signature of a delivery: `v1,` and the base64 HMAC-SHA256, keyed by
 * the webhook's secret, of `<delivery id>.<timestamp in seconds>.<body>`.
 * Signing the id and time with the body lets a receiver refuse replays.
 */
export function signWebhookPayload({ secret, deliveryId, timestamp, body }: { secret: string; deliveryId: string; timestamp: number; body: string }): string {
  return `v1,${createHmac('sha256', secret).update(`${deliveryId}.${timestamp}.${body}`).digest('base64')}`;
}

/** Options of verifyWebhookSignature. */
export interface VerifyWebhookSignatureOptions {
  /** The webhook's secret. */
  secret: string;
  /** The request's headers (a Headers object or a plain record, as Node's `req.headers`). */
  headers: Headers | Record<string, string | string[] | undefined>;
  /** The raw request body, exactly as received. */
  body: string;
  /** Refuse deliveries signed longer ago (or later) than this; default 300 s. */
  toleranceSeconds?: number;
  /** Now, in milliseconds; default Date.now(). */
  now?: number;
}

function header(headers: VerifyWebhookSignatureOptions['headers'], name: string): string | undefined {
  if (headers instanceof Headers) return headers.get(name) ?? undefined;
  const value = headers[name] ?? headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}

/**
 * For a webhook receiver: whether a delivery is signed with `secret`, within
 * the time tolerance. Compares in constant time.
 */
export function verifyWebhookSignature({ secret, headers, body, toleranceSeconds = 300, now = Date.now() }: VerifyWebhookSignatureOptions): boolean {
  const deliveryId = header(headers, WEBHOOK_HEADERS.deliveryId);
  const timestamp = Number(header(headers, WEBHOOK_HEADERS.timestamp));
  const signature = header(headers, WEBHOOK_HEADERS.signature);
  if (deliveryId === undefined || signature === undefined || !Number.isSafeInteger(timestamp)) return false;
  if (Math.abs(now / 1000 - timestamp) > toleranceSeconds) return false;
  const expected = Buffer.from(signWebhookPayload({ secret, deliveryId, timestamp, body }));
  const given = Buffer.from(signature);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
