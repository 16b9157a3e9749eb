import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalStore } from '@assay/store';
import { spawnWorker } from './spawn-worker.js';

describe('a process killed mid-batch', () => {
  let root: string;
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'assay-crash-'));
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('leaves the store readable with every acknowledged write present', async () => {
    const victim = spawnWorker('test/tracking/workers/log-until-killed.ts', [root]);
    // Kill at an arbitrary point after some writes were acknowledged, while it is writing more.
    const target = 15 + Math.floor(Math.random() * 10);
    await new Promise<void>((resolve, reject) => {
      const timer = setInterval(() => {
        if ((victim.output().match(/^ACK /gmu) ?? []).length >= target) {
          clearInterval(timer);
          victim.child.kill('SIGKILL');
          resolve();
        }
      }, 2);
      victim.exited.then(
        (result) => reject(new Error(`the victim exited by itself: ${result.stderr}`)),
        reject,
      );
    });
    const result = await victim.exited;
    expect(result.signal).toBe('SIGKILL');
    const acknowledged = [...result.stdout.matchAll(/^ACK (\w+) (\d+)$/gmu)].map((match) => ({
      runId: match[1]!,
      points: Number(match[2]),
    }));
    expect(acknowledged.length).toBeGreaterThanOrEqual(target);

    const store = await LocalStore.open({ root });
    for (const { runId, points } of acknowledged) {
      const run = await store.getRun({ runId });
      expect(run.info.status).toBe('FINISHED');
      const loss = await store.getMetricHistory({ runId, key: 'loss' });
      const accuracy = await store.getMetricHistory({ runId, key: 'accuracy' });
      expect(loss.length + accuracy.length).toBe(points);
    }
    // The store stays fully usable after the crash.
    const experimentId = await store.createExperiment({ name: 'after-the-crash' });
    expect((await store.getExperiment({ experimentId })).name).toBe('after-the-crash');
    await store.close();
  }, 120_000);
});
