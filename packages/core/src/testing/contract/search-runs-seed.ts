import type { RunStatus } from '../../entities/run.js';
import type { Store } from '../../store/store.js';

/** The seed's time origin (milliseconds since the epoch). */
export const T = 1_700_000_000_000;

interface SeedRun {
  runName: string;
  startTime: number;
  status: RunStatus;
  metrics: Record<string, number>;
  params: Record<string, string>;
  tags: Record<string, string>;
}

/**
 * Six runs, started one second apart in this order. `epsilon` has no `acc`,
 * `zeta` has no params and no tags; only alpha and delta have `f1 score` >= 0.5.
 */
const SEED: readonly SeedRun[] = [
  {
    runName: 'alpha',
    startTime: T + 1000,
    status: 'FINISHED',
    metrics: { acc: 0.9, loss: 0.1, 'f1 score': 0.7 },
    params: { model: 'gpt-4o' },
    tags: { team: 'ml-core' },
  },
  {
    runName: 'beta',
    startTime: T + 2000,
    status: 'FINISHED',
    metrics: { acc: 0.6, loss: 0.3, 'f1 score': 0.4 },
    params: { model: 'claude' },
    tags: { team: 'ml-eval' },
  },
  {
    runName: 'gamma',
    startTime: T + 3000,
    status: 'FAILED',
    metrics: { acc: 0.3, loss: 0.7 },
    params: { model: 'gpt-4o' },
    tags: { team: 'web' },
  },
  {
    runName: 'delta',
    startTime: T + 4000,
    status: 'RUNNING',
    metrics: { acc: 0.55, 'f1 score': 0.5 },
    params: { model: 'llama' },
    tags: { team: 'ml-core' },
  },
  {
    runName: 'epsilon',
    startTime: T + 5000,
    status: 'RUNNING',
    metrics: { loss: 0.2 },
    params: { model: 'claude' },
    tags: { team: 'web' },
  },
  {
    runName: 'zeta',
    startTime: T + 6000,
    status: 'KILLED',
    metrics: { acc: 0.1, loss: 0.9 },
    params: {},
    tags: {},
  },
];

/** Default order: start_time DESC. */
export const NEWEST_FIRST = ['zeta', 'epsilon', 'delta', 'gamma', 'beta', 'alpha'];

/** What seedRuns made. */
export interface Seeded {
  experimentId: string;
  /** Run id by run name. */
  ids: Record<string, string>;
}

/** Creates an experiment with the six SEED runs, their metrics, params, tags and statuses. */
export async function seedRuns(store: Store): Promise<Seeded> {
  const experimentId = await store.createExperiment({ name: 'search-runs' });
  const ids: Record<string, string> = {};
  for (const seed of SEED) {
    const run = await store.createRun({ experimentId, runName: seed.runName, startTime: seed.startTime });
    ids[seed.runName] = run.info.runId;
    await store.logBatch({
      runId: run.info.runId,
      metrics: Object.entries(seed.metrics).map(([key, value]) => ({ key, value, timestamp: seed.startTime, step: 0 })),
      params: Object.entries(seed.params).map(([key, value]) => ({ key, value })),
      tags: Object.entries(seed.tags).map(([key, value]) => ({ key, value })),
    });
    if (seed.status !== 'RUNNING') {
      await store.updateRun({ runId: run.info.runId, status: seed.status, endTime: seed.startTime + 500 });
    }
  }
  return { experimentId, ids };
}
