import { createMockLlmServer } from '@assay/sdk/test';
import type { MockLlmServer } from '@assay/sdk/test';
import { AssayError } from '@assay/core';
import { afterEach, describe, expect, it } from 'vitest';
import { EndpointError } from './endpoint-error.js';
import { postJson, retryAfterMs } from './post-json.js';

describe('retryAfterMs', () => {
  it('reads retry-after-ms, retry-after seconds and HTTP dates, capped at a minute', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(retryAfterMs(new Headers({ 'retry-after-ms': '250' }), now)).toBe(250);
    expect(retryAfterMs(new Headers({ 'retry-after': '2' }), now)).toBe(2000);
    expect(retryAfterMs(new Headers({ 'retry-after': '0' }), now)).toBe(0);
    expect(retryAfterMs(new Headers({ 'retry-after': 'Thu, 01 Jan 2026 00:00:05 GMT' }), now)).toBe(5000);
    expect(retryAfterMs(new Headers({ 'retry-after': '3600' }), now)).toBe(60_000);
    expect(retryAfterMs(new Headers(), now)).toBeUndefined();
    expect(retryAfterMs(new Headers({ 'retry-after': 'soon' }), now)).toBeUndefined();
  });
});

describe('postJson', () => {
  let server: MockLlmServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('waits as long as retry-after asks', async () => {
    server = await createMockLlmServer({ failures: [{ path: '/v1/embeddings', status: 429, times: 1, retryAfterSeconds: 1 }] });
    const started = performance.now();
    const answer = await postJson({ url: `${server.baseURL}/embeddings`, body: { model: 'm', input: 'x' } });
    expect(performance.now() - started).toBeGreaterThanOrEqual(950);
    expect((answer as { data: unknown[] }).data).toHaveLength(1);
  });

  it('times out a hung request and says so', async () => {
    server = await createMockLlmServer({ failures: [{ kind: 'hang' }] });
    const error = await postJson({ url: `${server.baseURL}/embeddings`, body: {}, timeoutMs: 100, maxRetries: 0 }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(EndpointError);
    expect(AssayError.isInstance(error)).toBe(true);
    expect((error as EndpointError).message).toBe(`POST ${server.baseURL}/embeddings failed after 1 attempt: no answer within 100 ms`);
  });

  it('names the endpoint when nothing listens', async () => {
    const closed = await createMockLlmServer();
    await closed.close();
    const url = `${closed.baseURL}/embeddings`;
    const error = (await postJson({ url, body: {}, maxRetries: 0 }).catch((caught: unknown) => caught)) as EndpointError;
    expect(error.message).toMatch(/ECONNREFUSED/);
    expect(error.message.startsWith(`POST ${url} failed after 1 attempt: fetch failed (`)).toBe(true);
    expect(error.code).toBe('INTERNAL_ERROR');
  });

  it('gives 4xx errors a matching code without retrying', async () => {
    server = await createMockLlmServer({ failures: [{ status: 401 }] });
    const error = (await postJson({ url: `${server.baseURL}/embeddings`, body: {} }).catch((caught: unknown) => caught)) as EndpointError;
    expect([error.code, error.status, server.requests.length]).toEqual(['UNAUTHENTICATED', 401, 1]);
  });

  it('stops when the caller aborts', async () => {
    server = await createMockLlmServer({ failures: [{ kind: 'hang' }] });
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error('cancelled by test')), 50);
    await expect(postJson({ url: `${server.baseURL}/embeddings`, body: {}, signal: controller.signal })).rejects.toThrow('cancelled by test');
  });
});
