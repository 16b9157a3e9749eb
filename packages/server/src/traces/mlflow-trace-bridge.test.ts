import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DuckDbStore } from '@assay/store';
import { MlflowTraceBridge } from './mlflow-trace-bridge.js';

const traceId = (index: number): string => `tr-${index.toString(16).padStart(32, '0')}`;

describe('MlflowTraceBridge claims', () => {
  let root: string;
  let store: DuckDbStore;
  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'assay-bridge-'));
    store = await DuckDbStore.open({ path: join(root, 'store.duckdb') });
  });
  afterEach(async () => {
    await store.close();
    await rm(root, { recursive: true, force: true });
  });

  it('keeps a claim whose spans are not written yet while many other traces are claimed', async () => {
    const bridge = new MlflowTraceBridge(store);
    const [first, second] = [await store.createExperiment({ name: 'first' }), await store.createExperiment({ name: 'second' })];
    // Nearly as many traces as the bridge remembers, claimed (and written) long ago.
    const older = Array.from({ length: 9_999 }, (_, index) => traceId(index + 1));
    expect(await bridge.claimTraces({ experimentId: first, traceIds: older })).toEqual(new Map());
    // A new trace is claimed for the first experiment; its spans are still on their way (not in the store).
    const inFlight = traceId(100_000);
    expect(await bridge.claimTraces({ experimentId: first, traceIds: [inFlight] })).toEqual(new Map());
    // More traces come.
    const newer = Array.from({ length: 10 }, (_, index) => traceId(200_000 + index));
    await bridge.claimTraces({ experimentId: first, traceIds: newer });
    // A batch of the in-flight trace for the second experiment must not take it there.
    expect(await bridge.claimTraces({ experimentId: second, traceIds: [inFlight] })).toEqual(new Map([[inFlight, first]]));
  });
});
