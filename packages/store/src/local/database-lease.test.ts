import { spawn } from 'node:child_process';
import { mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LocalStore } from './local-store.js';

const readScript = join(dirname(fileURLToPath(import.meta.url)), '..', '__fixtures__', 'read-store.ts');

/** Runs the read-store fixture in another process; resolves with its exit code and output. */
function readInAnotherProcess(root: string): Promise<{ code: number | null; output: string }> {
  const child = spawn(process.execPath, ['--conditions=@assay/source', '--import', 'tsx', readScript, root], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.on('exit', (code) => resolve({ code, output }));
    child.on('error', reject);
  });
}

/** The pid of a process that has exited. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '']);
  await new Promise((resolve) => child.on('exit', resolve));
  return child.pid!;
}

describe('creating the database file (DatabaseLease)', () => {
  let root: string;
  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'assay-create-'));
  });
  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('creates it once when several processes open a new store at the same time', async () => {
    const results = await Promise.all(Array.from({ length: 6 }, () => readInAnotherProcess(root)));
    for (const { code, output } of results) {
      expect(output).toContain('"experiments":["Default"]');
      expect(code).toBe(0);
    }
    expect((await readdir(root)).filter((name) => name.includes('.creating'))).toEqual([]);
  });

  it('waits while another live process creates it, and goes ahead once its marker is gone', async () => {
    const marker = join(root, 'assay.duckdb.creating');
    await writeFile(marker, String(process.ppid)); // a live process (the one running the tests)
    const store = await LocalStore.open({ root, busyTimeoutMs: 200 });
    await expect(store.searchExperiments()).rejects.toMatchObject({ code: 'STORE_BUSY' });
    await rm(marker);
    expect((await store.searchExperiments()).items.map((experiment) => experiment.name)).toEqual(['Default']);
    await store.close();
  });

  it('takes over from a creator that died, and replaces the empty file it left', async () => {
    await writeFile(join(root, 'assay.duckdb.creating'), String(await deadPid()));
    await writeFile(join(root, 'assay.duckdb'), '');
    const store = await LocalStore.open({ root });
    expect((await store.searchExperiments()).items.map((experiment) => experiment.name)).toEqual(['Default']);
    expect((await stat(join(root, 'assay.duckdb'))).size).toBeGreaterThan(0);
    expect(await readdir(root)).not.toContain('assay.duckdb.creating');
    await store.close();
  });
});
