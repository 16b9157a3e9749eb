import { spawn } from 'node:child_process';
import { mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readInAnotherProcess } from '../__fixtures__/read-in-another-process.js';
import { LocalStore } from './local-store.js';

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
    for (const result of results) expect(result).toEqual({ code: 0, stdout: '{"experiments":["Default"]}\n', stderr: '' });
    expect((await readdir(root)).filter((name) => name.includes('.creating'))).toEqual([]);
  });

  it('waits while another live process creates it, and goes ahead once its marker is gone', async () => {
    const marker = join(root, 'assay.duckdb.creating');
    await writeFile(marker, String(process.ppid)); // a live process (the one running the tests)
    const store = await LocalStore.open({ root, busyTimeoutMs: 200 });
    const error = await store.searchExperiments().catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'STORE_BUSY', holder: { pid: process.ppid } });
    expect(String((error as Error).message)).toContain(`is being created by process ${process.ppid}`);
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
