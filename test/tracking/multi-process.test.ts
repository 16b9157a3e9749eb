import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUSY_TIMEOUT_ENV, LocalStore } from '@assay/store';
import { spawnWorker, type Worker } from './spawn-worker.js';

const WRITERS = 8;
const RUNS_PER_WRITER = 250;
/**
 * How long the processes' reads wait for the file (10 minutes): they get it
 * in turn, so on a loaded machine this test checks that nothing is lost or
 * duplicated, not how fast each turn comes (the default 30 s is a speed bound).
 */
const PATIENT = { env: { [BUSY_TIMEOUT_ENV]: String(10 * 60_000) } };

describe('one local store, many processes', () => {
  let root: string;
  const spawned: Worker[] = [];
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'assay-multi-'));
  });
  afterAll(async () => {
    // After a failure (or a hang) nothing else ends them: the reader reads until told to stop.
    for (const { child } of spawned) if (child.exitCode === null && child.signalCode === null) child.kill();
    await Promise.all(spawned.map((worker) => worker.exited.catch(() => undefined)));
    await rm(root, { recursive: true, force: true });
  });

  it(
    `${WRITERS} processes log ${RUNS_PER_WRITER} runs each while another reads: nothing lost or duplicated`,
    async () => {
      const stopFile = join(root, 'stop-reading');
      const reader = spawnWorker('test/tracking/workers/read-repeatedly.ts', [root, stopFile], PATIENT);
      const writers = Array.from({ length: WRITERS }, (_, worker) =>
        spawnWorker('test/tracking/workers/log-runs.ts', [root, String(worker), String(RUNS_PER_WRITER)], PATIENT),
      );
      spawned.push(reader, ...writers);
      const results = await Promise.all(writers.map((writer) => writer.exited));
      await writeFile(stopFile, '');
      for (const [worker, result] of results.entries()) {
        expect(result.stderr, `writer ${worker} printed errors`).not.toMatch(/Error/u);
        expect(result.code, `writer ${worker} failed`).toBe(0);
        expect(result.stdout).toContain(`done ${worker}`);
      }
      const readResult = await reader.exited;
      expect(readResult.code, readResult.stderr).toBe(0);
      const { reads } = JSON.parse(readResult.stdout) as { reads: number; last: number };
      expect(reads).toBeGreaterThan(5);

      const store = await LocalStore.open({ root, busyTimeoutMs: 10 * 60_000 });
      const count = async (query: string) => Number((await store.sql({ query })).rows[0]![0]);
      const experiment = await store.getExperimentByName({ name: 'multi-process' });
      expect(experiment).toBeDefined();
      expect(await count(`select count(*) from runs where experiment_id = '${experiment!.experimentId}'`)).toBe(2000);
      expect(await count('select count(distinct run_name) from runs')).toBe(2000);
      expect(await count(`select count(*) from runs where status <> 'FINISHED' or end_time is null`)).toBe(0);
      expect(await count('select count(*) from metrics')).toBe(40_000);
      expect(await count('select count(*) from latest_metrics')).toBe(40_000);
      expect(await count('select count(*) from params')).toBe(10_000);
      expect(await count('select count(*) from (select run_id, key, step from metrics group by all having count(*) > 1)')).toBe(0);
      expect(await count('select count(*) from rejected_writes')).toBe(0);
      const sample = await store.searchRuns({
        experimentIds: [experiment!.experimentId],
        filter: `attributes.run_name = 'worker-7-run-249'`,
      });
      expect(sample.runs).toHaveLength(1);
      expect(sample.runs[0]!.data.params).toMatchObject({ worker: '7', index: '249' });
      expect(sample.runs[0]!.data.metrics.metric_19).toBeCloseTo(249.19, 10);
      await store.close();
    },
    // A bound on a hang only: the work takes about a minute on two busy cores.
    20 * 60_000,
  );
});
