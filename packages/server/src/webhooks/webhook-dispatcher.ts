import { errorMessage, type DueWebhookDelivery, type WebhookStore } from '@assay/core';
import { stderrServerLog, type ServerLog } from '../middleware/request-log.js';
import { sendTestDelivery, sendWebhook, type WebhookAttemptResult } from './send-webhook.js';

/** Options of WebhookDispatcher. */
export interface WebhookDispatcherOptions {
  /** The store whose outbox it sends (a LocalStore or DuckDbStore). */
  store: WebhookStore;
  /** How long a receiver has to answer one attempt; default 10,000 ms. */
  timeoutMs?: number;
  /** Waits before the 2nd, 3rd, ... attempt; the delivery fails for good after the last. Default 5 s, 30 s, 2 min, 10 min (5 attempts). */
  retryDelaysMs?: readonly number[];
  /** Deliveries sent at once; default 4. */
  concurrency?: number;
  /** Where failures that are not the receiver's are logged; default stderr JSON lines. */
  log?: ServerLog;
  /** The fetch used; default the global one. */
  fetch?: typeof fetch;
}

const DEFAULT_RETRY_DELAYS_MS = [5_000, 30_000, 120_000, 600_000];

/**
 * Sends the outbox of registry webhooks: the PENDING deliveries the store
 * files with each registry change. Kicked after each registry write (and
 * woken when a retry falls due), it sends in the background: a registry call
 * never waits for a receiver, and a failing receiver never fails one.
 * Attempts are recorded (status, HTTP status, error), retried with growing
 * waits, and kept across restarts (the outbox is in the store).
 */
export class WebhookDispatcher {
  private readonly store: WebhookStore;
  private readonly timeoutMs: number;
  private readonly retryDelaysMs: readonly number[];
  private readonly concurrency: number;
  private readonly log: ServerLog;
  private readonly fetch: typeof fetch;
  private readonly inFlight = new Map<string, Promise<void>>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private timerAt = Number.POSITIVE_INFINITY;
  private pumping: Promise<void> | undefined;
  private again = false;
  private stopped = false;

  constructor(options: WebhookDispatcherOptions) {
    this.store = options.store;
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.retryDelaysMs = options.retryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS;
    this.concurrency = options.concurrency ?? 4;
    this.log = options.log ?? stderrServerLog;
    this.fetch = options.fetch ?? globalThis.fetch;
  }

  /** Looks for due deliveries now (after a registry write; at start for those left from before). */
  kick(): void {
    if (this.stopped) return;
    if (this.pumping) {
      this.again = true;
      return;
    }
    this.pumping = this.pump().finally(() => {
      this.pumping = undefined;
      if (this.again) {
        this.again = false;
        this.kick();
      }
    });
  }

  /** Files a test delivery to a webhook and sends it once, now, recording the attempt (no retry): the test call. */
  sendTest(webhookId: string): Promise<WebhookAttemptResult> {
    return sendTestDelivery(this.store, webhookId, { fetch: this.fetch, timeoutMs: this.timeoutMs });
  }

  /** Stops sending: no new attempts; waits for those in flight (each bounded by timeoutMs). */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.pumping;
    await Promise.all(this.inFlight.values());
  }

  private async pump(): Promise<void> {
    try {
      for (;;) {
        const room = this.concurrency - this.inFlight.size;
        if (room <= 0) return; // an attempt's end kicks again
        const { due, nextDueAt } = await this.store.nextWebhookDeliveries({ now: Date.now(), limit: room + this.inFlight.size });
        const fresh = due.filter((each) => !this.inFlight.has(each.delivery.id)).slice(0, room);
        this.wakeAt(nextDueAt);
        if (fresh.length === 0) return;
        for (const each of fresh) {
          const attempt = this.attempt(each).finally(() => {
            this.inFlight.delete(each.delivery.id);
            this.kick();
          });
          this.inFlight.set(each.delivery.id, attempt);
        }
      }
    } catch (error) {
      this.log({ time: new Date().toISOString(), level: 'error', message: 'webhook outbox could not be read', error: errorMessage(error) });
    }
  }

  private async attempt(due: DueWebhookDelivery): Promise<void> {
    if (this.stopped) return;
    const result = await sendWebhook(due, { fetch: this.fetch, timeoutMs: this.timeoutMs });
    const delay = this.retryDelaysMs[due.delivery.attempts];
    const nextAttemptAt = result.delivered || delay === undefined ? undefined : Date.now() + delay;
    try {
      await this.store.recordWebhookAttempt({ deliveryId: due.delivery.id, delivered: result.delivered, ...(result.statusCode === undefined ? {} : { statusCode: result.statusCode }), ...(result.error === undefined ? {} : { error: result.error }), ...(nextAttemptAt === undefined ? {} : { nextAttemptAt }) });
      if (nextAttemptAt !== undefined) this.wakeAt(nextAttemptAt);
    } catch (error) {
      this.log({ time: new Date().toISOString(), level: 'error', message: `webhook delivery ${due.delivery.id} could not be recorded`, error: errorMessage(error) });
    }
  }

  /** Wakes the dispatcher when the next retry falls due (the earliest of those asked). */
  private wakeAt(time: number | undefined): void {
    if (time === undefined || this.stopped || (this.timer !== undefined && this.timerAt <= time)) return;
    if (this.timer) clearTimeout(this.timer);
    this.timerAt = time;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.timerAt = Number.POSITIVE_INFINITY;
      this.kick();
    }, Math.max(0, time - Date.now()));
    this.timer.unref?.();
  }
}
