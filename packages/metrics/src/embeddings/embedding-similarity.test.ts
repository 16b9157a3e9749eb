import { createMockLlmServer } from '@assay/sdk/test';
import type { MockLlmServer } from '@assay/sdk/test';
import { afterEach, describe, expect, it } from 'vitest';
import { testRows } from '../__fixtures__/test-rows.js';
import { cosineSimilarity } from './cosine-similarity.js';
import { embeddingSimilarity } from './embedding-similarity.js';

describe('cosineSimilarity', () => {
  it('is the cosine of the angle between the vectors', () => {
    expect(cosineSimilarity([1, 0], [1, 0])).toBe(1);
    expect(cosineSimilarity([1, 0], [0, 3])).toBe(0);
    expect(cosineSimilarity([1, 2, 3], [-1, -2, -3])).toBe(-1);
    expect(cosineSimilarity([1, 0], [1, 1])).toBeCloseTo(Math.SQRT1_2, 12);
    expect(cosineSimilarity(new Float32Array([3, 4]), [4, 3])).toBeCloseTo(24 / 25, 7);
  });

  it('is 0 for a zero vector and rejects different lengths', () => {
    expect(cosineSimilarity([0, 0], [1, 2])).toBe(0);
    expect(cosineSimilarity([], [])).toBe(0);
    expect(() => cosineSimilarity([1], [1, 2])).toThrow(/different lengths \(1 and 2\)/);
  });
});

describe('embeddingSimilarity', () => {
  let server: MockLlmServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('embeds outputs and targets through /embeddings: equal texts give 1', async () => {
    server = await createMockLlmServer();
    const metric = embeddingSimilarity({ baseURL: server.baseURL, apiKey: 'test-key', model: 'mock-embed', dimensions: 32 });
    expect([metric.name, metric.greaterIsBetter]).toEqual(['embedding_similarity', true]);
    const rows = testRows([
      { output: 'The sky is blue.', targets: 'The sky is blue.' },
      { output: 'The sky is blue.', targets: 'Grass is green.' },
      { output: 'Paris', targets: ['Lyon', 'Paris'] },
      { output: 'no target' },
      { output: 'failed', targets: 'x', error: 'model failed' },
    ]);
    const scores = await metric.scoreRows(rows, { concurrency: 2 });
    expect(scores[0]!.values.embedding_similarity).toBeCloseTo(1, 6);
    expect(scores[1]!.values.embedding_similarity).toBeLessThan(0.99);
    expect(scores[2]!.values.embedding_similarity).toBeCloseTo(1, 6); // the best of the targets
    expect([scores[3]!.values.embedding_similarity, scores[4]!.values.embedding_similarity]).toEqual([null, null]);
    expect(scores.every((score) => score.error === undefined)).toBe(true);

    // Each distinct text is embedded once, in one request, as floats.
    expect(server.requests).toHaveLength(1);
    const [request] = server.requests;
    expect(request!.path).toBe('/v1/embeddings');
    expect(request!.headers.authorization).toBe('Bearer test-key');
    expect(request!.body).toEqual({
      model: 'mock-embed',
      input: ['The sky is blue.', 'Grass is green.', 'Paris', 'Lyon'],
      encoding_format: 'float',
      dimensions: 32,
    });
  });

  it('batches the texts', async () => {
    server = await createMockLlmServer();
    const metric = embeddingSimilarity({ baseURL: server.baseURL, model: 'mock-embed', batchSize: 2 });
    const rows = testRows([
      { output: 'a', targets: 'b' },
      { output: 'c', targets: 'a' },
    ]);
    await metric.scoreRows(rows, { concurrency: 1 });
    expect(server.requests.map((request) => (request.body as { input: string[] }).input)).toEqual([['a', 'b'], ['c']]);
    expect(() => embeddingSimilarity({ baseURL: server!.baseURL, model: 'm', batchSize: 257 })).toThrow(/batchSize must be a whole number from 1 to 256/);
  });

  it('retries a 429 and then succeeds', async () => {
    server = await createMockLlmServer({ failures: [{ path: '/v1/embeddings', status: 429, times: 2, retryAfterSeconds: 0 }] });
    const metric = embeddingSimilarity({ baseURL: server.baseURL, model: 'mock-embed' });
    const [score] = await metric.scoreRows(testRows([{ output: 'same', targets: 'same' }]), { concurrency: 1 });
    expect(score!.values.embedding_similarity).toBeCloseTo(1, 6);
    expect(server.requests).toHaveLength(3);
  });

  it('records a clear error naming the endpoint when it keeps failing', async () => {
    server = await createMockLlmServer({ failures: [{ path: '/v1/embeddings', status: 503, retryAfterSeconds: 0 }] });
    const metric = embeddingSimilarity({ baseURL: server.baseURL, model: 'mock-embed', maxRetries: 1 });
    const [score] = await metric.scoreRows(testRows([{ output: 'a', targets: 'b' }]), { concurrency: 1 });
    expect(score!.values.embedding_similarity).toBeNull();
    expect(score!.error).toBe(
      `embedding_similarity: POST ${server.baseURL}/embeddings failed after 2 attempts: HTTP 503: Mock failure 503 (injected by the Assay mock LLM server).`,
    );
  });

  it('does not retry a 400 and explains it', async () => {
    server = await createMockLlmServer();
    const metric = embeddingSimilarity({ baseURL: server.baseURL, model: 'mock-embed', dimensions: 9000 });
    const [score] = await metric.scoreRows(testRows([{ output: 'a', targets: 'b' }]), { concurrency: 1 });
    expect(score!.error).toMatch(new RegExp(`^embedding_similarity: POST ${server.baseURL}/embeddings failed with HTTP 400: .*dimensions`));
    expect(server.requests).toHaveLength(1);
  });
});
