import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalStore } from '@assay/store';
import { createTemporaryStoreDirectory, runCli } from '../../__fixtures__/run-cli.js';

const BASE_TIME = Date.UTC(2025, 0, 15, 9, 30);

describe('assay runs metrics', () => {
  let directory: { path: string; remove: () => Promise<void> };
  let runId = '';
  let emptyRunId = '';

  beforeAll(async () => {
    directory = await createTemporaryStoreDirectory();
    const store = await LocalStore.open({ root: directory.path });
    try {
      const experimentId = await store.createExperiment({ name: 'curves' });
      runId = (await store.createRun({ experimentId, runName: 'training' })).info.runId;
      emptyRunId = (await store.createRun({ experimentId, runName: 'nothing logged' })).info.runId;
      const values = [0.5, 0.6, 0.75, 0.7, 0.9];
      await store.logBatch({
        runId,
        metrics: [
          ...values.map((value, step) => ({ key: 'accuracy', value, timestamp: BASE_TIME + step * 1000, step })),
          ...[2, Number.NaN, 1, Number.POSITIVE_INFINITY, 0.5, Number.NEGATIVE_INFINITY].map((value, step) => ({ key: 'loss', value, timestamp: BASE_TIME, step })),
          ...Array.from({ length: 300 }, (_, step) => ({ key: 'long', value: step, timestamp: BASE_TIME, step })),
        ],
      });
    } finally {
      await store.close();
    }
  });

  afterAll(async () => {
    await directory.remove();
  });

  it('prints a sparkline, the min, max and last points and a table of the points', async () => {
    const result = await runCli(directory.path, ['runs', 'metrics', runId, 'accuracy']);
    expect(result.exitCode).toBe(0);
    const lines = result.stdout.split('\n');
    expect(lines.slice(0, 3)).toEqual([`Metric accuracy of run ${runId}: 5 points`, '▁▃▅▄█', 'min 0.5 (step 0)   max 0.9 (step 4)   last 0.9 (step 4)']);
    expect(result.stdout).toMatch(/│\s+2 │ \d{4}-\d\d-\d\d \d\d:\d\d:\d\d │\s+0\.75 │/);
    expect(result.stdout.match(/^│\s+\d+ │/gm)).toHaveLength(5);
  });

  it('shows NaN and ±Infinity with their own marks, in the table and the JSON', async () => {
    const text = await runCli(directory.path, ['runs', 'metrics', runId, 'loss']);
    expect(text.stdout.split('\n').slice(1, 3)).toEqual(['█·▃▲▁▼  (· NaN, ▲ +Infinity, ▼ -Infinity)', 'min -Infinity (step 5)   max Infinity (step 3)   last -Infinity (step 5)']);
    expect(text.stdout).toMatch(/│\s+1 │ .* │\s+NaN │/);

    const json = await runCli(directory.path, ['runs', 'metrics', runId, 'loss', '--json']);
    expect(json.exitCode).toBe(0);
    const parsed = JSON.parse(json.stdout) as { runId: string; key: string; history: { key: string; value: number | string; step: number; timestamp: number }[] };
    expect(parsed.runId).toBe(runId);
    expect(parsed.key).toBe('loss');
    expect(parsed.history.map((point) => point.value)).toEqual([2, 'NaN', 1, 'Infinity', 0.5, '-Infinity']);
    expect(parsed.history[0]).toEqual({ key: 'loss', value: 2, timestamp: BASE_TIME, step: 0 });
  });

  it('keeps the table to the last --tail points and the sparkline to 60 characters', async () => {
    const result = await runCli(directory.path, ['runs', 'metrics', runId, 'long', '--tail', '3']);
    expect(result.stdout.split('\n')[1]).toHaveLength(60);
    expect(result.stdout.match(/^│\s+(\d+) │/gm)?.map((row) => row.replace(/[│\s]/g, ''))).toEqual(['297', '298', '299']);
    expect(result.stdout).toContain('(the last 3 of 300 points; --tail <n> for more, --json for all)');
  });

  it('names the metrics a run has when the key is unknown, and fails for an unknown run', async () => {
    const unknownKey = await runCli(directory.path, ['runs', 'metrics', runId, 'acuracy']);
    expect(unknownKey.exitCode).toBe(1);
    expect(unknownKey.stderr).toBe(`error: Run ${runId} has no metric 'acuracy'. Its metrics: accuracy, long, loss.\n`);
    const none = await runCli(directory.path, ['runs', 'metrics', emptyRunId, 'accuracy']);
    expect(none.stderr).toBe(`error: Run ${emptyRunId} has no metric 'accuracy'. It has no metrics.\n`);
    const unknownRun = await runCli(directory.path, ['runs', 'metrics', '0af7651916cd43dd8448eb211c80319c', 'accuracy']);
    expect(unknownRun.exitCode).toBe(1);
    expect(unknownRun.stderr).toContain('0af7651916cd43dd8448eb211c80319c');
  });
});
