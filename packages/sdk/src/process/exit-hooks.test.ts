import { spawn } from 'node:child_process';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '@assay/core';
import { openStore } from '../index.js';

const here = dirname(fileURLToPath(import.meta.url));
const child = join(here, '__fixtures__', 'tracking-exit-child.ts');
const repositoryRoot = resolve(here, '..', '..', '..', '..');

/** Runs the fixture in a fresh Node process; resolves to its exit code and the run id it printed. */
function runChild(
  root: string,
  mode: string,
  points: number,
): Promise<{ code: number | null; signal: NodeJS.Signals | null; runId: string; stderr: string }> {
  return new Promise((resolvePromise, reject) => {
    const childProcess = spawn(process.execPath, ['--conditions=@assay/source', '--import', 'tsx', child, root, mode, String(points)], {
      cwd: repositoryRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    childProcess.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    childProcess.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    childProcess.on('error', reject);
    childProcess.on('close', (code, signal) => resolvePromise({ code, signal, runId: stdout.trim(), stderr }));
  });
}

describe('writes survive the end of the process', () => {
  let root: string;
  let store: Store | undefined;
  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'assay-sdk-exit-'));
  });
  afterEach(async () => {
    await store?.close();
    store = undefined;
    await rm(root, { recursive: true, force: true });
  });

  const cases: { mode: string; code: number | null; status: string }[] = [
    { mode: 'exit', code: 0, status: 'FINISHED' }, // process.exit(0): the sync 'exit' hook spools
    { mode: 'in-flight', code: 0, status: 'FINISHED' }, // process.exit(0) while a batch is in the store's hands: stored once
    { mode: 'natural', code: 0, status: 'FINISHED' }, // the loop empties: 'beforeExit' flushes and ends
    { mode: 'fail', code: 3, status: 'FAILED' }, // process.exit(3)
    { mode: 'throw', code: 1, status: 'FAILED' }, // an uncaught error
    { mode: 'sigterm', code: null, status: 'KILLED' }, // SIGTERM: spooled, then the default termination
  ];
  for (const { mode, code, status } of cases) {
    it(`${mode}: every metric, param and tag is stored and the run is ${status}`, async () => {
      const points = 25_000;
      const result = await runChild(root, mode, points);
      expect(result.code, result.stderr).toBe(code);
      expect(result.signal).toBe(code === null ? 'SIGTERM' : null);
      expect(result.runId).toMatch(/^[0-9a-f]{32}$/);

      store = await openStore(root);
      const run = await store.getRun({ runId: result.runId });
      expect(run.info.status).toBe(status);
      expect(run.info.endTime).toBeGreaterThanOrEqual(run.info.startTime);
      expect(run.data.params).toEqual({ mode });
      expect(run.data.tags.phase).toBe('before-exit');
      expect(run.data.metrics.a).toBe(1);
      expect(Number.isNaN(run.data.metrics.b)).toBe(true);
      const history = await store.getMetricHistory({ runId: result.runId, key: 'm' });
      expect(history).toHaveLength(points);
      expect(history.map((point) => point.value)).toEqual(Array.from({ length: points }, (_, step) => step));
      // Spooled writes were applied when the store was opened here.
      expect((await readdir(join(root, 'spool')).catch(() => [])).filter((name) => name.endsWith('.seg'))).toEqual([]);
    });
  }
});
