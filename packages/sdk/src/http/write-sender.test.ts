import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateRunId } from '@assay/core';
import { createAssayServer } from '@assay/server';
import { startAssayServer, type RunningAssayServer } from '@assay/server/node';
import { LocalStore } from '@assay/store/local';
import { HttpStore } from './http-store.js';

describe('HttpStore writes against a server with a small body limit', () => {
  let root: string;
  let local: LocalStore;
  let server: RunningAssayServer;
  let requests = 0;
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'assay-write-sender-'));
    local = await LocalStore.open({ root });
    server = await startAssayServer({ app: createAssayServer({ store: local, maxJsonBodyBytes: 4000, log: () => undefined }), port: 0 });
  });
  afterAll(async () => {
    await server.close();
    await local.close();
    await rm(root, { recursive: true, force: true });
  });

  it('sends the writes made together in few requests, in order, smaller ones once the server refuses a large body; a write too large alone fails alone', async () => {
    const counting: typeof fetch = (input, init) => {
      if (String(input).endsWith('/writes')) requests += 1;
      return fetch(input, init);
    };
    const store = await HttpStore.open({ url: server.url, spoolDirectory: join(root, 'spool'), headers: {}, fetch: counting });
    const runId = generateRunId();
    await store.createRun({ experimentId: '0', runId, runName: 'batched' });
    requests = 0;
    const writes = Array.from({ length: 20 }, (_, step) => store.logBatch({ runId, metrics: [{ key: 'm', value: step, timestamp: 1, step }], tags: [{ key: `t${step}`, value: 'x'.repeat(100) }] }));
    const tooLarge = store.logBatch({ runId, params: [{ key: 'p', value: 'x'.repeat(5000) }] });
    await Promise.all(writes);
    await expect(tooLarge).rejects.toMatchObject({ code: 'BAD_REQUEST', message: expect.stringContaining('exceeds the limit of 4000 bytes') });
    const history = await store.getMetricHistory({ runId, key: 'm' });
    expect(history.map((point) => point.step)).toEqual(Array.from({ length: 20 }, (_, step) => step));
    // Far fewer requests than writes: one refused, then as many as the limit needs.
    expect(requests).toBeGreaterThan(2);
    expect(requests).toBeLessThan(20);
    expect(store.spoolStatus().writes).toBe(0);
    await store.close();
  });
});
