import { spawn } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SearchRunsResult } from '@assay/core';
import { createTemporaryStoreDirectory, runCli, runCliJson } from '../__fixtures__/run-cli.js';

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
  let store: { path: string; remove: () => Promise<void> };
  beforeAll(async () => {
    store = await createTemporaryStoreDirectory();
  });
  afterAll(async () => {
    await store.remove();
  });

  it('runs a passing evaluation file, prints its summary and exits 0', async () => {
    const result = await assay(store.path, ['eval', join(evals, 'passing.eval.ts')]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/Evaluation 1 of 1: run [0-9a-f]{32}, 2 rows/);
    expect(result.stdout).toMatch(/│ exact_match\s+│\s+1 │/);
    expect(result.stdout).toContain('exact_match  1      >= 0.9            ok');
    const { runs } = await runCliJson<SearchRunsResult>(store.path, ['runs', 'list']);
    expect(runs.map((run) => run.info.runName)).toContain('passing-eval');
  });

  it('exits 1 with the threshold table when a threshold fails (a default-exported runner)', async () => {
    const result = await assay(store.path, ['eval', join(evals, 'failing.eval.ts')]);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/exact_match {2}0\.5000 {2}>= 0\.9 +FAILED/);
    expect(result.stderr).toMatch(/error: 1 of 2 evaluation thresholds failed \(run [0-9a-f]{32}\)/);
    const rows = await runCli(store.path, ['sql', "SELECT count(*) AS n FROM evaluation_rows e JOIN runs r USING (run_id) WHERE r.run_name = 'failing-eval'"]);
    expect(rows.stdout).toMatch(/│\s+2 │/);
  });

  it('exits 1 and shows the error of a file that throws; rejects what is not an evaluation file', async () => {
    const broken = await assay(store.path, ['eval', join(evals, 'broken.eval.ts')]);
    expect(broken.code).toBe(1);
    expect(broken.stderr).toContain('the evaluation file');
    expect(broken.stderr).toContain('RangeError: the eval file is broken');
    const missing = await runCli(store.path, ['eval', 'no-such-file.eval.ts']);
    expect(missing.exitCode).toBe(1);
    expect(missing.stderr).toContain('no-such-file.eval.ts does not exist');
    const notCode = await runCli(store.path, ['eval', 'README.md']);
    expect(notCode.stderr).toContain('README.md is not a .ts or .js file');
  });
});
