import { spawn } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Run, SearchRunsResult } from '@assay/core';
import { runCli, runCliJson, useTemporaryStoreDirectory } from '../__fixtures__/run-cli.js';

const here = dirname(fileURLToPath(import.meta.url));
const repositoryRoot = resolve(here, '..', '..', '..', '..');
const evals = join(here, '..', '__fixtures__', 'evals');

/** Runs the real `assay` process (evaluation files are imported through tsx, as users run them). */
function assay(trackingUri: string, args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, ['--conditions=@assay/source', '--import', 'tsx', 'packages/cli/src/bin.ts', '--tracking-uri', trackingUri, ...args], {
      cwd: repositoryRoot,
      env: { ...process.env, CI: '1', ASSAY_TRACKING_URI: '' },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolvePromise({ code, stdout, stderr }));
  });
}

describe('assay eval', () => {
  const storePath = useTemporaryStoreDirectory();

  it('runs a passing evaluation file, prints its summary and exits 0', async () => {
    const result = await assay(storePath(), ['eval', join(evals, 'passing.eval.ts')]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/Evaluation 1 of 1: run [0-9a-f]{32}, 2 rows/);
    expect(result.stdout).toMatch(/│ exact_match\s+│\s+1 │/);
    expect(result.stdout).toContain('exact_match  1      >= 0.9            ok');
    const { runs } = await runCliJson<SearchRunsResult>(storePath(), ['runs', 'list']);
    expect(runs.map((run) => run.info.runName)).toContain('passing-eval');
  });

  it('exits 1 with the threshold table when a threshold fails (a default-exported runner)', async () => {
    const result = await assay(storePath(), ['eval', join(evals, 'failing.eval.ts')]);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/exact_match {2}0\.5000 {2}>= 0\.9 +FAILED/);
    expect(result.stderr).toMatch(/error: 1 of 2 evaluation thresholds failed \(run [0-9a-f]{32}\)/);
    const rows = await runCli(storePath(), ['sql', "SELECT count(*) AS n FROM evaluation_rows e JOIN runs r USING (run_id) WHERE r.run_name = 'failing-eval'"]);
    expect(rows.stdout).toMatch(/│\s+2 │/);
  });

  it('exits 1 and shows the error of a file that throws; rejects what is not an evaluation file', async () => {
    const broken = await assay(storePath(), ['eval', join(evals, 'broken.eval.ts')]);
    expect(broken.code).toBe(1);
    expect(broken.stderr).toContain('the evaluation file');
    expect(broken.stderr).toContain('RangeError: the eval file is broken');
    const missing = await runCli(storePath(), ['eval', 'no-such-file.eval.ts']);
    expect(missing.exitCode).toBe(1);
    expect(missing.stderr).toContain('no-such-file.eval.ts does not exist');
    const notCode = await runCli(storePath(), ['eval', 'README.md']);
    expect(notCode.stderr).toContain('README.md is not a .ts or .js file');
  });
});

/** `assay eval <fixture>` in this process, through `main`. */
function evalInProcess(trackingUri: string, fixture: string, flags: string[] = []): ReturnType<typeof runCli> {
  return runCli(trackingUri, ['eval', join(evals, fixture), ...flags]);
}

async function runNamed(trackingUri: string, name: string): Promise<Run> {
  const { runs } = await runCliJson<SearchRunsResult>(trackingUri, ['runs', 'list']);
  const run = runs.find((candidate) => candidate.info.runName === name);
  if (!run) throw new Error(`no run named ${name}`);
  return run;
}

describe('assay eval: metric errors', () => {
  const storePath = useTemporaryStoreDirectory();

  it('exits 1 when a metric fails on every row, with its error count and first error in the summary and on the run', async () => {
    const result = await evalInProcess(storePath(), 'metric-failing.eval.ts');
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toMatch(/\u2502 exact_match\s+\u2502\s+1 \u2502/);
    expect(result.stdout).not.toContain('_errors');
    expect(result.stdout).toContain(
      'Metric errors:\n' +
        'metric  errors       first error\n' +
        '------  -----------  -------------------------------------------------\n' +
        'broken  2 of 2 rows  row 0: metric broken failed: the scorer is broken\n',
    );
    expect(result.stderr).toMatch(/^error: The metric broken failed on every row it was given \(run [0-9a-f]{32}\); set allowMetricErrors: true/);
    const run = await runNamed(storePath(), 'metric-failing-eval');
    expect(run.data.metrics).toMatchObject({ broken_errors: 2, exact_match_errors: 0, exact_match: 1 });
  });

  it('reports a metric that fails on some rows and exits 0', async () => {
    const result = await evalInProcess(storePath(), 'metric-partial.eval.ts');
    expect(result.stderr).toBe('');
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain('fragile  1 of 3 rows  row 2: metric fragile failed: cannot score row 2\n');
    expect(result.stdout).toContain('exact_match  1      >= 0.9            ok');
  });
});

describe('assay eval --json', () => {
  const storePath = useTemporaryStoreDirectory();

  it('prints the result as JSON only: summary, per-metric aggregates, metric errors, threshold checks, run id', async () => {
    const result = await evalInProcess(storePath(), 'metric-partial.eval.ts', ['--json']);
    expect(result.stderr).toBe('');
    expect(result.exitCode).toBe(0);
    const output = JSON.parse(result.stdout) as Record<string, unknown>;
    const run = await runNamed(storePath(), 'metric-partial-eval');
    expect(output).toEqual({
      file: join(evals, 'metric-partial.eval.ts'),
      passed: true,
      evaluations: [
        {
          runId: run.info.runId,
          experimentId: run.info.experimentId,
          summary: { rows: 3, rowsFailed: 0, errorRate: 0 },
          metrics: {
            exact_match: { value: 1, count: 3, mean: 1, std: 0, min: 1, max: 1, p50: 1, p90: 1 },
            fragile: { value: 1, count: 2, mean: 1, std: 0, min: 1, max: 1, p50: 1, p90: 1 },
          },
          metricErrors: {
            exact_match: { metric: 'exact_match', errors: 0, scored: 3, failed: false },
            fragile: { metric: 'fragile', errors: 1, scored: 2, failed: false, firstError: { row: 2, message: 'metric fragile failed: cannot score row 2' } },
          },
          thresholds: [{ metric: 'exact_match', value: 1, bound: '>= 0.9', passed: true }],
        },
      ],
    });
  });

  it('keeps the exit codes: 1 with the error in the JSON when a threshold misses, a metric fails or the file throws', async () => {
    const threshold = await evalInProcess(storePath(), 'failing.eval.ts', ['--json']);
    expect(threshold.exitCode).toBe(1);
    const thresholdOutput = JSON.parse(threshold.stdout) as { passed: boolean; error: { code: string }; evaluations: { thresholds: { metric: string; passed: boolean }[] }[] };
    expect(thresholdOutput.passed).toBe(false);
    expect(thresholdOutput.error.code).toBe('THRESHOLD_FAILED');
    expect(thresholdOutput.evaluations[0]!.thresholds.map((check) => [check.metric, check.passed])).toEqual([
      ['exact_match', false],
      ['latency_p90', true],
    ]);
    expect(threshold.stderr).toMatch(/^error: 1 of 2 evaluation thresholds failed/);

    const metric = await evalInProcess(storePath(), 'metric-failing.eval.ts', ['--json']);
    expect(metric.exitCode).toBe(1);
    const metricOutput = JSON.parse(metric.stdout) as { passed: boolean; error: { code: string; message: string }; evaluations: { metricErrors: Record<string, { failed: boolean; errors: number }> }[] };
    expect(metricOutput.passed).toBe(false);
    expect(metricOutput.error.code).toBe('EVALUATION_FAILED');
    expect(metricOutput.error.message).toMatch(/^The metric broken failed on every row it was given/);
    expect(metricOutput.evaluations[0]!.metricErrors['broken']).toMatchObject({ failed: true, errors: 2 });

    const broken = await evalInProcess(storePath(), 'broken.eval.ts', ['--json']);
    expect(broken.exitCode).toBe(1);
    const brokenOutput = JSON.parse(broken.stdout) as { passed: boolean; evaluations: unknown[]; error: { code: string; message: string } };
    expect(brokenOutput).toMatchObject({ passed: false, evaluations: [], error: { code: 'BAD_REQUEST' } });
    expect(brokenOutput.error.message).toContain('RangeError: the eval file is broken');
  });
});
