/** How a request that failed for a passing reason (the network, 429, 503) is tried again. */
export interface RetryOptions {
  /** Tries in all, the first included; default 5. */
  attempts?: number;
  /** The wait before the first retry, doubled for each further one (with jitter); default 250 ms. */
  initialDelayMs?: number;
  /** The longest wait between two tries; default 4,000 ms. */
  maxDelayMs?: number;
  /** The longest `Retry-After` honoured (a longer one counts as this); default 30,000 ms. */
  maxRetryAfterMs?: number;
}

/** The default retries: five tries over about four seconds. */
export const DEFAULT_RETRY: Required<RetryOptions> = { attempts: 5, initialDelayMs: 250, maxDelayMs: 4000, maxRetryAfterMs: 30_000 };

/** The options with every default filled in. */
export function resolveRetryOptions(options: RetryOptions | undefined): Required<RetryOptions> {
  return { ...DEFAULT_RETRY, ...Object.fromEntries(Object.entries(options ?? {}).filter(([, value]) => value !== undefined)) };
}

/**
 * The wait before retry number `retry` (1 for the first): exponential
 * backoff with "equal jitter", half the step fixed and half random, so that
 * clients that failed together do not come back together.
 */
export function backoffDelayMs(retry: number, options: Required<RetryOptions>, random: () => number = Math.random): number {
  const step = Math.min(options.maxDelayMs, options.initialDelayMs * 2 ** Math.max(0, retry - 1));
  return Math.round(step / 2 + random() * (step / 2));
}

/**
 * A `Retry-After` header's wait in milliseconds: delay-seconds or an HTTP
 * date; undefined when absent or unreadable.
 */
export function retryAfterMs(header: string | null, now: number = Date.now()): number | undefined {
  if (header === null || header.trim() === '') return undefined;
  const text = header.trim();
  if (/^\d+$/u.test(text)) return Number(text) * 1000;
  const date = Date.parse(text);
  return Number.isFinite(date) ? Math.max(0, date - now) : undefined;
}

/** Waits `ms`; `keepAlive` false lets the process exit meanwhile (a background retry nobody awaits). */
export function sleep(ms: number, keepAlive: boolean): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    if (!keepAlive) timer.unref();
  });
}
