import { spawn } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { useTempTrackingUri } from '../__fixtures__/temp-tracking-uri.js';
import { searchTraces } from '../index.js';

const here = dirname(fileURLToPath(import.meta.url));
const child = join(here, '__fixtures__', 'hard-exit-child.ts');
const repositoryRoot = resolve(here, '..', '..', '..', '..');

function runChild(root: string, how: 'exit' | 'SIGTERM' | 'at-once'): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  return new Promise((resolvePromise, reject) => {
    const childProcess = spawn(process.execPath, ['--conditions=@assay/source', '--import', 'tsx', child, root, how], {
      cwd: repositoryRoot,
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    childProcess.on('error', reject);
    childProcess.on('close', (code, signal) => resolvePromise({ code, signal }));
  });
}

const getRoot = useTempTrackingUri();

describe('spans still queued when the process ends at once', () => {
  it.each(['exit', 'SIGTERM', 'at-once'] as const)('are spooled synchronously on %s and stored by the next process', async (how) => {
    const outcome = await runChild(getRoot(), how);
    expect(outcome).toEqual(how === 'SIGTERM' ? { code: null, signal: 'SIGTERM' } : { code: 0, signal: null });
    const { traces } = await searchTraces({});
    expect(traces.map((trace) => [trace.name, trace.responsePreview])).toEqual([['hard-exit-call', '"answer to life"']]);
  });
});
