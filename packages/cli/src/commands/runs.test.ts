import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Run, SearchRunsResult } from '@assay/core';
import { LocalStore } from '@assay/store';
import { createTemporaryStoreDirectory, runCli, runCliJson } from '../__fixtures__/run-cli.js';

interface SeededRun {
  name: string;
  experiment: 'sweep' | 'other';
  accuracy: number;
  model: string;
  startTime: number;
}

const BASE_TIME = Date.UTC(2025, 0, 15, 9, 30);
const SEEDED_RUNS: readonly SeededRun[] = [
  { name: 'baseline', experiment: 'sweep', accuracy: 0.7, model: 'small', startTime: BASE_TIME },
  { name: 'bigger', experiment: 'sweep', accuracy: 0.85, model: 'large', startTime: BASE_TIME + 60_000 },
  { name: 'best', experiment: 'sweep', accuracy: 0.9, model: 'large', startTime: BASE_TIME + 120_000 },
  { name: 'elsewhere', experiment: 'other', accuracy: 0.95, model: 'small', startTime: BASE_TIME + 180_000 },
];

describe('assay runs', () => {
  let directory: { path: string; remove: () => Promise<void> };
  const runIds = new Map<string, string>();

  beforeAll(async () => {
    directory = await createTemporaryStoreDirectory();
    const store = await LocalStore.open({ root: directory.path });
    try {
      const experimentIds = {
        sweep: await store.createExperiment({ name: 'sweep' }),
        other: await store.createExperiment({ name: 'other' }),
      };
      for (const seeded of SEEDED_RUNS) {
        const run = await store.createRun({
          experimentId: experimentIds[seeded.experiment],
          runName: seeded.name,
          startTime: seeded.startTime,
          tags: { team: 'ml' },
        });
        runIds.set(seeded.name, run.info.runId);
        await store.logBatch({
          runId: run.info.runId,
          params: [{ key: 'model', value: seeded.model }],
          metrics: [
            { key: 'acc', value: seeded.accuracy - 0.1, timestamp: seeded.startTime + 1000, step: 0 },
            { key: 'acc', value: seeded.accuracy, timestamp: seeded.startTime + 2000, step: 1 },
            { key: 'loss', value: 1 - seeded.accuracy, timestamp: seeded.startTime + 2000, step: 1 },
          ],
        });
        await store.updateRun({ runId: run.info.runId, status: 'FINISHED', endTime: seeded.startTime + 75_000 });
      }
    } finally {
      await store.close();
    }
  });

  afterAll(async () => {
    await directory.remove();
  });

  const idOf = (name: string): string => runIds.get(name)!;

  it('lists the runs of every active experiment by default, newest first', async () => {
    const result = await runCli(directory.path, ['runs', 'list']);
    expect(result).toMatchObject({ exitCode: 0, stderr: '' });
    const lines = result.stdout.split('\n');
    expect(lines[1]).toMatch(/Run ID\s+│ Name\s+│ Status\s+│ Start time\s+│ Duration\s+│ Experiment\s+│ metrics\.acc\s+│ metrics\.loss/);
    const order = ['elsewhere', 'best', 'bigger', 'baseline'].map((name) => result.stdout.indexOf(idOf(name)));
    expect(order.every((position) => position > 0)).toBe(true);
    expect([...order].sort((left, right) => left - right)).toEqual(order);
    expect(result.stdout).toContain('1m 15s');
    expect(result.stdout).toMatch(/│ FINISHED │ \d{4}-\d\d-\d\d \d\d:\d\d:\d\d │/);
  });

  it('lists the runs of named experiments as JSON', async () => {
    const { runs } = await runCliJson<SearchRunsResult>(directory.path, ['runs', 'list', '--experiment', 'sweep']);
    expect(runs.map((run) => run.info.runName)).toEqual(['best', 'bigger', 'baseline']);
    expect(runs[0]).toMatchObject({ info: { status: 'FINISHED' }, data: { params: { model: 'large' }, metrics: { acc: 0.9 } } });
  });

  it('searches with a filter and an order', async () => {
    const { runs } = await runCliJson<SearchRunsResult>(directory.path, [
      'runs',
      'search',
      '--filter',
      "metrics.acc > 0.8 and params.model = 'large' or tags.team = 'nobody'",
      '--order-by',
      'metrics.acc ASC',
    ]);
    expect(runs.map((run) => run.info.runName)).toEqual(['bigger', 'best']);
  });

  it('shows requested columns and the keys the search sorts by', async () => {
    const requested = await runCli(directory.path, ['runs', 'search', '--experiment', 'sweep', '--columns', 'params.model,metrics.acc']);
    expect(requested.exitCode).toBe(0);
    expect(requested.stdout).toMatch(/Duration\s+│ params\.model\s+│ metrics\.acc\s+│\n/);
    expect(requested.stdout).toMatch(new RegExp(`${idOf('best')} │ best\\s+│ FINISHED.*│ large\\s+│\\s+0\\.9 │`));

    const sorted = await runCli(directory.path, ['runs', 'search', '--experiment', 'other', '--order-by', 'params.model DESC']);
    expect(sorted.stdout).toMatch(/Duration\s+│ params\.model\s+│ metrics\.acc\s+│ metrics\.loss\s+│\n/);
    // One experiment: no Experiment column.
    expect(sorted.stdout).not.toContain('Experiment');
  });

  it('pages with a hint command that fetches the next page', async () => {
    const first = await runCli(directory.path, ['runs', 'search', '--experiment', 'sweep', '--order-by', 'metrics.acc DESC', '--max-results', '2']);
    expect(first.exitCode).toBe(0);
    expect(first.stdout).toContain(idOf('best'));
    expect(first.stdout).not.toContain(idOf('baseline'));
    const hint = /^More runs: (assay .*)$/m.exec(first.stderr)?.[1];
    expect(hint).toContain("--order-by 'metrics.acc DESC' --max-results 2 --page-token ");
    const token = /--page-token (\S+)$/.exec(hint!)?.[1];

    const second = await runCliJson<SearchRunsResult>(directory.path, [
      'runs',
      'search',
      '--experiment',
      'sweep',
      '--order-by',
      'metrics.acc DESC',
      '--max-results',
      '2',
      '--page-token',
      token!,
    ]);
    expect(second.runs.map((run) => run.info.runName)).toEqual(['baseline']);
    expect(second.nextPageToken).toBeUndefined();
  });

  it('reports a bad filter with its column and a usage hint', async () => {
    const result = await runCli(directory.path, ['runs', 'search', '--filter', 'metrics.acc > 0.8 andd params.model = "x"']);
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^error: Invalid run filter: .*'andd'.* column 19\b/m);
    expect(result.stderr).toContain('Run "assay runs search --help" for usage.');
  });

  it('rejects unknown flags and bad values as usage errors', async () => {
    const unknownFlag = await runCli(directory.path, ['runs', 'search', '--filtr', 'x']);
    expect(unknownFlag.exitCode).toBe(2);
    expect(unknownFlag.stderr).toContain("error: unknown option '--filtr'");
    expect(unknownFlag.stderr).toContain('--filter');
    expect(unknownFlag.stderr).toContain('Run "assay runs search --help" for usage.');

    const badCount = await runCli(directory.path, ['runs', 'list', '--max-results', 'ten']);
    expect(badCount.exitCode).toBe(2);
    expect(badCount.stderr).toContain("argument 'ten' is invalid");

    const badColumn = await runCli(directory.path, ['runs', 'search', '--columns', 'accuracy']);
    expect(badColumn.exitCode).toBe(1);
    expect(badColumn.stderr).toContain("Invalid column 'accuracy'");

    const unknownExperiment = await runCli(directory.path, ['runs', 'list', '--experiment', 'nope']);
    expect(unknownExperiment.exitCode).toBe(1);
    expect(unknownExperiment.stderr).toContain("No experiment with id or name 'nope'");
  });

  it('shows one run in readable sections', async () => {
    const result = await runCli(directory.path, ['runs', 'get', idOf('best')]);
    expect(result).toMatchObject({ exitCode: 0, stderr: '' });
    expect(result.stdout).toContain(`Run ${idOf('best')}\n`);
    expect(result.stdout).toMatch(/│ Experiment\s+│ sweep \(id \d+\)/);
    expect(result.stdout).toMatch(/│ Duration\s+│ 1m 15s/);
    expect(result.stdout).toContain('Params (1)');
    expect(result.stdout).toMatch(/│ model\s+│ large\s+│/);
    expect(result.stdout).toContain('Metrics (2)');
    // key, latest, step, points, min, max
    expect(result.stdout).toMatch(/│ acc\s+│\s+0\.9 │\s+1 │\s+2 │\s+0\.8 │\s+0\.9 │/);
    expect(result.stdout).toMatch(/Tags \(\d+\)/);
    expect(result.stdout).toMatch(/│ team\s+│ ml\s+│/);
  });

  it('prints one run as JSON', async () => {
    const run = await runCliJson<Run>(directory.path, ['runs', 'get', idOf('baseline')]);
    expect(run.info).toMatchObject({ runId: idOf('baseline'), runName: 'baseline', startTime: BASE_TIME, endTime: BASE_TIME + 75_000 });
    expect(run.data.metrics).toEqual({ acc: 0.7, loss: expect.closeTo(0.3, 10) as unknown });
  });

  it('reports an unknown run with exit code 1', async () => {
    const result = await runCli(directory.path, ['runs', 'get', '0123456789abcdef0123456789abcdef']);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toMatch(/^error: .*0123456789abcdef0123456789abcdef/);
  });

  it('reads the tracking URI from ASSAY_TRACKING_URI and accepts the option after the command', async () => {
    const { main } = await import('../program.js');
    let stdout = '';
    const fromEnvironment = await main(['node', 'assay', 'runs', 'list', '--experiment', 'other', '--json'], {
      stdout: (text) => (stdout += text),
      stderr: () => undefined,
      env: { ASSAY_TRACKING_URI: directory.path },
    });
    expect(fromEnvironment).toBe(0);
    expect((JSON.parse(stdout) as SearchRunsResult).runs).toHaveLength(1);

    stdout = '';
    const optionLast = await main(['node', 'assay', 'runs', 'list', '--json', '--tracking-uri', directory.path], {
      stdout: (text) => (stdout += text),
      stderr: () => undefined,
      env: {},
    });
    expect(optionLast).toBe(0);
    expect((JSON.parse(stdout) as SearchRunsResult).runs).toHaveLength(4);
  });
});
