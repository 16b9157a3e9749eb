import { existsSync } from 'node:fs';
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalStore } from '@assay/store';
import { createTemporaryStoreDirectory, runCli } from '../__fixtures__/run-cli.js';
import { main } from '../program.js';

/** Every command that only reads (or changes what must exist): none may create a store. */
const READ_ONLY_COMMANDS: readonly (readonly string[])[] = [
  ['experiments', 'list'],
  ['experiments', 'delete', 'demo'],
  ['experiments', 'restore', 'demo'],
  ['runs', 'list'],
  ['runs', 'search', '--filter', 'metrics.acc > 0'],
  ['runs', 'get', '0af7651916cd43dd8448eb211c80319c'],
  ['runs', 'metrics', '0af7651916cd43dd8448eb211c80319c', 'acc'],
  ['traces', 'list'],
  ['traces', 'search', '--filter', "trace.status = 'OK'"],
  ['traces', 'get', 'tr-0af7651916cd43dd8448eb211c80319c'],
  ['sql', 'SELECT 1'],
  ['datasets', 'list'],
  ['datasets', 'show', 'qa'],
  ['datasets', 'export', 'qa', '--out', 'qa.jsonl'],
  ['artifacts', 'list', '0af7651916cd43dd8448eb211c80319c'],
  ['artifacts', 'download', '0af7651916cd43dd8448eb211c80319c', 'model.json'],
];

describe('commands that only read never create a store', () => {
  let directory: { path: string; remove: () => Promise<void> };
  let store: string;

  beforeAll(async () => {
    directory = await createTemporaryStoreDirectory();
    store = join(directory.path, 'store');
    const local = await LocalStore.open({ root: store });
    await local.createExperiment({ name: 'demo' });
    await local.close();
  });

  afterAll(async () => {
    await directory.remove();
  });

  for (const args of READ_ONLY_COMMANDS) {
    it(`assay ${args.join(' ')}: names the missing store and exits 1`, async () => {
      const typo = join(directory.path, 'stroe');
      const result = await runCli(typo, args);
      expect(result.exitCode).toBe(1);
      expect(result.stdout).toBe('');
      expect(result.stderr).toBe(
        `error: no Assay store at ${typo}; check --tracking-uri / ASSAY_TRACKING_URI (default ./.assay), ` +
          'or create one with "assay experiments create <name>", "assay demo" or any tracking call of the SDK.\n',
      );
      expect(existsSync(typo)).toBe(false);
    });
  }

  it('says so for a directory that holds no store, or a file, and leaves them as they were', async () => {
    const empty = join(directory.path, 'empty');
    await mkdir(empty);
    const inEmpty = await runCli(empty, ['runs', 'list']);
    expect(inEmpty.exitCode).toBe(1);
    expect(inEmpty.stderr).toContain(`error: no Assay store at ${empty} (the directory has no assay.duckdb); check --tracking-uri`);
    expect(await readdir(empty)).toEqual([]);

    const file = join(directory.path, 'notes.txt');
    await writeFile(file, 'not a store');
    const onFile = await runCli(file, ['sql', 'SELECT 1']);
    expect(onFile.exitCode).toBe(1);
    expect(onFile.stderr).toContain(`error: no Assay store at ${file} (a file, not a store directory); check --tracking-uri`);
  });

  it('follows ASSAY_TRACKING_URI too', async () => {
    let stderr = '';
    const typo = join(directory.path, 'from-env');
    const exitCode = await main(['node', 'assay', 'experiments', 'list'], { stdout: () => undefined, stderr: (text) => (stderr += text), env: { ASSAY_TRACKING_URI: typo } });
    expect(exitCode).toBe(1);
    expect(stderr).toContain(`error: no Assay store at ${typo}; check --tracking-uri / ASSAY_TRACKING_URI`);
    expect(existsSync(typo)).toBe(false);
  });

  it('reads an existing store as before', async () => {
    const result = await runCli(store, ['experiments', 'list', '--json']);
    expect(result.exitCode).toBe(0);
    expect((JSON.parse(result.stdout) as { experiments: { name: string }[] }).experiments.map((experiment) => experiment.name)).toContain('demo');
  });

  it('commands that write still create the store', async () => {
    const created = join(directory.path, 'created');
    const result = await runCli(created, ['experiments', 'create', 'first']);
    expect(result.exitCode).toBe(0);
    expect(existsSync(join(created, 'assay.duckdb'))).toBe(true);
    expect((await runCli(created, ['experiments', 'list'])).stdout).toContain('first');

    const data = join(directory.path, 'rows.jsonl');
    await writeFile(data, '{"question": "q", "answer": "a"}\n');
    const imported = join(directory.path, 'imported');
    expect((await runCli(imported, ['datasets', 'import', data, '--name', 'qa'])).exitCode).toBe(0);
    expect(existsSync(join(imported, 'assay.duckdb'))).toBe(true);
  });
});
