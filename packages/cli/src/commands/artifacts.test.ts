import { existsSync } from 'node:fs';
import { mkdir, readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalStore } from '@assay/store';
import { createTemporaryStoreDirectory, runCli, runCliJson } from '../__fixtures__/run-cli.js';

const encode = (text: string) => new TextEncoder().encode(text);

interface Listing {
  runId: string;
  path: string;
  files: { path: string; isDir: boolean; fileSize?: number }[];
}

interface Download {
  destination: string;
  files: { path: string; localPath: string; fileSize: number }[];
}

describe('assay artifacts', () => {
  let directory: { path: string; remove: () => Promise<void> };
  let store = '';
  let runId = '';
  let bareRunId = '';

  beforeAll(async () => {
    directory = await createTemporaryStoreDirectory();
    store = join(directory.path, 'store');
    const local = await LocalStore.open({ root: store });
    try {
      const experimentId = await local.createExperiment({ name: 'artifacts' });
      runId = (await local.createRun({ experimentId })).info.runId;
      bareRunId = (await local.createRun({ experimentId })).info.runId;
      await local.putArtifact({ runId, path: 'model.json', data: encode('{"weights": [1, 2]}') });
      await local.putArtifact({ runId, path: 'plots/loss.txt', data: encode('loss curve') });
      await local.putArtifact({ runId, path: 'plots/deep/acc.txt', data: encode('accuracy') });
      await local.putArtifact({ runId, path: 'notes/\u001b[31mred.txt', data: encode('escape me') });
    } finally {
      await local.close();
    }
  });

  afterAll(async () => {
    await directory.remove();
  });

  it('lists the files and folders of the root or a folder, recursively when asked, as a table or JSON', async () => {
    const root = await runCli(store, ['artifacts', 'list', runId]);
    expect(root.exitCode).toBe(0);
    expect(root.stdout).toMatch(/│ model\.json\s+│\s+19 │/);
    expect(root.stdout).toMatch(/│ plots\/\s+│\s+- │/);

    const folder = await runCliJson<Listing>(store, ['artifacts', 'list', runId, 'plots']);
    expect(folder).toEqual({ runId, path: 'plots', files: [{ path: 'plots/deep', isDir: true }, { path: 'plots/loss.txt', isDir: false, fileSize: 10 }] });

    const all = await runCliJson<Listing>(store, ['artifacts', 'list', runId, '--recursive']);
    expect(all.files.filter((file) => !file.isDir).map((file) => file.path)).toEqual(['model.json', 'notes/\u001b[31mred.txt', 'plots/deep/acc.txt', 'plots/loss.txt']);

    const escaped = await runCli(store, ['artifacts', 'list', runId, 'notes']);
    expect(escaped.stdout).toContain('notes/\\x1b[31mred.txt');
    expect(escaped.stdout).not.toContain('\u001b');

    expect((await runCli(store, ['artifacts', 'list', bareRunId])).stdout).toBe(`Run ${bareRunId} has no artifacts.\n`);
    expect((await runCli(store, ['artifacts', 'list', runId, 'missing'])).stdout).toBe(`No artifacts under 'missing' in run ${runId}.\n`);
  });

  it('downloads a file to <dest>/<path> and prints where it went', async () => {
    const destination = join(directory.path, 'one');
    const result = await runCli(store, ['artifacts', 'download', runId, 'plots/loss.txt', '--dest', destination]);
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toBe(`${join(destination, 'plots', 'loss.txt')}\n`);
    expect(result.stderr).toBe(`Downloaded 1 file (10 bytes) from run ${runId}.\n`);
    expect(await readFile(join(destination, 'plots', 'loss.txt'), 'utf8')).toBe('loss curve');
  });

  it('downloads a folder, or every artifact with ".", and says what it wrote in JSON', async () => {
    const destination = join(directory.path, 'folder');
    const folder = await runCliJson<Download>(store, ['artifacts', 'download', runId, 'plots', '--dest', destination]);
    expect(folder.files.map((file) => [file.path, file.fileSize])).toEqual([
      ['plots/deep/acc.txt', 8],
      ['plots/loss.txt', 10],
    ]);
    expect(await readFile(join(destination, 'plots', 'deep', 'acc.txt'), 'utf8')).toBe('accuracy');

    const everything = join(directory.path, 'everything');
    const all = await runCliJson<Download>(store, ['artifacts', 'download', runId, '.', '--dest', everything]);
    expect(all.destination).toBe(everything);
    expect(all.files).toHaveLength(4);
    expect(await readFile(join(everything, 'model.json'), 'utf8')).toBe('{"weights": [1, 2]}');
    expect(await readdir(join(everything, 'notes'))).toEqual(['\u001b[31mred.txt']);
  });

  it('refuses paths that leave the run, before reading or writing anything', async () => {
    const destination = join(directory.path, 'refused');
    await mkdir(destination);
    for (const path of ['../../../etc/passwd', '/etc/passwd', 'plots/../../model.json', 'plots\\..\\..\\x']) {
      for (const command of [['download', runId, path, '--dest', destination], ['list', runId, path]]) {
        const result = await runCli(store, ['artifacts', ...command]);
        expect(result.exitCode, `${command.join(' ')}`).toBe(1);
        expect(result.stderr).toMatch(/^error: Invalid artifact path '.*': (?:'\.\.' segments|absolute paths|backslashes) are not allowed\. Use a relative path inside the run's artifacts/);
      }
    }
    expect(await readdir(destination)).toEqual([]);
  });

  it('names a missing artifact and how to list them, and an unknown run', async () => {
    const destination = join(directory.path, 'missing');
    const missing = await runCli(store, ['artifacts', 'download', runId, 'plots/los.txt', '--dest', destination]);
    expect(missing.exitCode).toBe(1);
    expect(missing.stderr).toBe(
      `error: Run ${runId} has no artifact 'plots/los.txt'. See what it has with: assay --tracking-uri ${store} artifacts list ${runId} --recursive\n`,
    );
    expect(existsSync(destination)).toBe(false);
    const unknown = await runCli(store, ['artifacts', 'download', '0af7651916cd43dd8448eb211c80319c', 'model.json']);
    expect(unknown.exitCode).toBe(1);
    expect(unknown.stderr).toContain('0af7651916cd43dd8448eb211c80319c');
  });
});
