import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { NotFoundError } from '@assay/core';
import { testSpan } from '@assay/core/test';
import { DuckDbStore } from '../duckdb-store.js';
import { restoreExperiment } from './restore-experiment.js';
import { applyWrites } from './apply-writes.js';

// Writes remember which experiments they found active (active-experiments.ts):
// these are the ways an experiment stops being active that must still be seen.
describe('the experiments a connection has seen active', () => {
  let directory: string;
  let store: DuckDbStore;
  let spans = 0;
  beforeEach(async () => {
    directory = await mkdtemp(join(tmpdir(), 'assay-active-experiments-'));
    store = await DuckDbStore.open({ path: join(directory, 'assay.duckdb') });
  });
  afterEach(async () => {
    await store.close();
    await rm(directory, { recursive: true, force: true });
  });

  const logTo = (target: DuckDbStore, experimentId: string): Promise<unknown> => {
    spans += 1;
    const id = String(spans);
    return target.logSpans({ experimentId, spans: [testSpan(id, { traceId: `tr-${id.padStart(32, '0')}` })] });
  };

  it('refuses spans to an experiment deleted after spans were logged to it, and takes them again once it is restored', async () => {
    const experimentId = await store.createExperiment({ name: 'short-lived' });
    await logTo(store, experimentId);
    await store.deleteExperiment({ experimentId });
    await expect(logTo(store, experimentId)).rejects.toBeInstanceOf(NotFoundError);
    await store.restoreExperiment({ experimentId });
    await logTo(store, experimentId);
    expect((await store.sql({ query: `SELECT count(*) FROM traces WHERE experiment_id = '${experimentId}'` })).rows).toEqual([[2]]);
  });

  it('does not keep what a rolled-back transaction saw: a restore that did not commit leaves the experiment deleted', async () => {
    const experimentId = await store.createExperiment({ name: 'restored, then not' });
    await store.deleteExperiment({ experimentId });
    const failed = store.transaction(async (connection) => {
      await restoreExperiment(connection, { experimentId });
      // Logging inside the transaction sees the experiment active.
      await applyWrites(connection, [{ op: 'logSpans', experimentId, spans: [testSpan('9', { traceId: `tr-${'9'.padStart(32, '0')}` })] }]);
      throw new Error('rolled back');
    });
    await expect(failed).rejects.toThrow('rolled back');
    await expect(logTo(store, experimentId)).rejects.toBeInstanceOf(NotFoundError);
  });

  it('sees a deletion made by another opener of the file once this one opens it again', async () => {
    const experimentId = await store.createExperiment({ name: 'deleted elsewhere' });
    await logTo(store, experimentId);
    const path = join(directory, 'assay.duckdb');
    await store.close();
    const other = await DuckDbStore.open({ path });
    await other.deleteExperiment({ experimentId });
    await other.close();
    store = await DuckDbStore.open({ path });
    await expect(logTo(store, experimentId)).rejects.toBeInstanceOf(NotFoundError);
  });
});
