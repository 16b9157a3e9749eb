import { spawn } from 'node:child_process';
import { mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { someoneWaits } from '../__fixtures__/hold-database.js';
import { readInAnotherProcess, runInAnotherProcess } from '../__fixtures__/read-in-another-process.js';
import { DatabaseLease } from './database-lease.js';
import { LocalStore } from './local-store.js';
import { Spool } from './spool.js';

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

describe('handing the database file over (DatabaseLease)', () => {
  let root: string;
  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'assay-hand-over-'));
  });
  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('a holder that lets the file go for a waiting process, and wants it again at once, waits its turn behind that process', async () => {
    const lease = new DatabaseLease({
      databasePath: join(root, 'assay.duckdb'),
      artifactRoot: join(root, 'artifacts'),
      spool: new Spool(join(root, 'spool')),
      waitingDirectory: join(root, 'waiting'),
      lingerMs: 120_000,
      maxHoldMs: 120_000,
      busyTimeoutMs: 600_000,
    });
    // Holds the file until the test lets this operation end.
    let finish!: () => void;
    const finishing = new Promise<void>((resolve) => (finish = resolve));
    let holding!: () => void;
    const held = new Promise<void>((resolve) => (holding = resolve));
    const first = lease.withDatabase(async () => {
      holding();
      await finishing;
    });
    await held;
    const creating = runInAnotherProcess('create-experiment.ts', [root, 'other']);
    await someoneWaits(root);
    // Once the other process has waited long enough to refresh its marker, it retries at its slowest
    // pace: a holder that did not queue would get the file back first.
    const [marker] = await readdir(join(root, 'waiting'));
    const left = (await stat(join(root, 'waiting', marker!))).mtimeMs;
    while ((await stat(join(root, 'waiting', marker!)).then((info) => info.mtimeMs, () => undefined)) === left) await sleep(5);
    // Asked for before the first operation ends: it runs as soon as the holder has let the file go.
    const next = lease.withDatabase((database) => database.searchExperiments());
    finish();
    await first;
    expect((await next).items.map((experiment) => experiment.name)).toContain('other');
    expect(await creating).toMatchObject({ code: 0, stdout: 'created\n', stderr: '' });
    await lease.close();
  });
});
