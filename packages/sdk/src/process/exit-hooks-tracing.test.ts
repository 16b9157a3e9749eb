import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const here = dirname(fileURLToPath(import.meta.url));
const child = join(here, '__fixtures__', 'tracing-exit-child.ts');
const repositoryRoot = resolve(here, '..', '..', '..', '..');

describe('the exit hooks, for tracing', () => {
  it('exports queued spans before a process that ends on its own exits', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'assay-tracing-exit-'));
    try {
      const file = join(directory, 'spans.txt');
      const code = await new Promise<number | null>((resolvePromise, reject) => {
        const childProcess = spawn(process.execPath, ['--conditions=@assay/source', '--import', 'tsx', child, file], {
          cwd: repositoryRoot,
          stdio: ['ignore', 'ignore', 'inherit'],
        });
        childProcess.on('error', reject);
        childProcess.on('close', resolvePromise);
      });
      expect(code).toBe(0);
      expect(await readFile(file, 'utf8')).toBe('last-call\n');
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  });
});
