import { describe, expect, it } from 'vitest';
import { backoffDelayMs, DEFAULT_RETRY, resolveRetryOptions, retryAfterMs } from './retry-policy.js';

describe('retry policy', () => {
  it('backs off exponentially up to the cap, half of each step fixed and half random', () => {
    const options = resolveRetryOptions({ initialDelayMs: 100, maxDelayMs: 1000 });
    expect([1, 2, 3, 4, 5, 6].map((retry) => backoffDelayMs(retry, options, () => 0))).toEqual([50, 100, 200, 400, 500, 500]);
    expect([1, 2, 3, 4, 5, 6].map((retry) => backoffDelayMs(retry, options, () => 1))).toEqual([100, 200, 400, 800, 1000, 1000]);
    expect(resolveRetryOptions(undefined)).toEqual(DEFAULT_RETRY);
    expect(resolveRetryOptions({ attempts: undefined, maxDelayMs: 9 })).toEqual({ ...DEFAULT_RETRY, maxDelayMs: 9 });
  });

  it('reads Retry-After as seconds or an HTTP date', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(retryAfterMs('3', now)).toBe(3000);
    expect(retryAfterMs('Thu, 01 Jan 2026 00:00:02 GMT', now)).toBe(2000);
    expect(retryAfterMs('Wed, 31 Dec 2025 23:00:00 GMT', now)).toBe(0);
    expect(retryAfterMs(null, now)).toBeUndefined();
    expect(retryAfterMs('soon', now)).toBeUndefined();
  });
});
