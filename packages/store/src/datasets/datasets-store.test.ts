import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DuckDbStore } from '../duckdb-store.js';
import { LocalStore } from '../local/local-store.js';

const holdScript = join(dirname(fileURLToPath(import.meta.url)), '..', '__fixtures__', 'hold-database.mjs');

/** Holds the database file from another process for `milliseconds`; resolves once it is locked. */
async function holdDatabase(path: string, milliseconds: number): Promise<{ released: Promise<void> }> {
  const child = spawn(process.execPath, [holdScript, path, String(milliseconds)], {
    cwd: dirname(holdScript),
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const released = new Promise<void>((resolve, reject) => {
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`holder exited with ${String(code)}`))));
  });
  await new Promise<void>((resolve, reject) => {
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('locked')) resolve();
    });
    child.on('error', reject);
  });
  return { released };
}

describe('datasets in the DuckDB store', () => {
  let root: string;
  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'assay-datasets-store-'));
  });
  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('upgrades a schema-3 store: old runs read as before and can record dataset inputs', async () => {
    const path = join(root, 'assay.duckdb');
    const old = await DuckDbStore.open({ path, schemaVersion: 3 });
    const run = await old.createRun({ experimentId: '0', runName: 'before-datasets' });
    expect((await old.getRun({ runId: run.info.runId })).inputs).toBeUndefined();
    await old.close();

    const upgraded = await DuckDbStore.open({ path });
    const dataset = await upgraded.createDatasetVersion({ name: 'upgrade', rows: [{ q: 'a' }] });
    await upgraded.logRunInputs({ runId: run.info.runId, inputs: [{ datasetName: 'upgrade', datasetVersion: 1, context: 'eval' }] });
    const stored = await upgraded.getRun({ runId: run.info.runId });
    expect(stored.info.runName).toBe('before-datasets');
    expect(stored.inputs?.datasetInputs.map((input) => input.dataset.digest)).toEqual([dataset.digest]);
    const columns = await upgraded.sql({ query: `SELECT column_name FROM information_schema.columns WHERE table_name = 'run_inputs' ORDER BY ordinal_position` });
    expect(columns.rows.flat()).toEqual(['run_id', 'dataset_name', 'dataset_digest', 'context', 'dataset_version']);
    await upgraded.close();
  });

  it('keeps rows queryable with SQL as JSON', async () => {
    const store = await DuckDbStore.open({ path: ':memory:' });
    await store.createDatasetVersion({ name: 'sql', rows: [{ question: 'a?', n: 1 }, { question: 'b?', n: 2 }] });
    const result = await store.sql({ query: `SELECT row->>'question' AS question FROM dataset_rows WHERE name = 'sql' ORDER BY row_index` });
    expect(result.rows).toEqual([['a?'], ['b?']]);
    await store.close();
  });

  it('LocalStore: creating a dataset waits for another process, then logs it to a run that was spooled meanwhile', async () => {
    const store = await LocalStore.open({ root, lingerMs: 0 });
    await store.getExperiment({ experimentId: '0' }); // known, so createRun below need not read the database
    await new Promise((resolve) => setTimeout(resolve, 30)); // let the lease go
    const holder = await holdDatabase(store.databasePath, 800);
    const beforeRun = Date.now();
    const run = await store.createRun({ experimentId: '0', runName: 'spooled-run' });
    expect(Date.now() - beforeRun).toBeLessThan(400); // spooled, not waiting
    const started = Date.now();
    const dataset = await store.createDatasetVersion({ name: 'busy', rows: [{ q: 'x' }] });
    expect(Date.now() - started).toBeGreaterThan(200); // it waited for the holder
    await holder.released;
    expect(dataset.version).toBe(1);
    await store.logRunInputs({ runId: run.info.runId, inputs: [{ datasetName: 'busy', datasetVersion: 1 }] });
    expect((await store.getRun({ runId: run.info.runId })).inputs?.datasetInputs).toHaveLength(1);
    await store.close();
  });
});
