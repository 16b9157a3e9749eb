import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { holdDatabase, someoneWaits } from '../__fixtures__/hold-database.js';
import { writeStoreAtSchema } from '../__fixtures__/write-store-at-schema.js';
import { DuckDbStore } from '../duckdb-store.js';
import { LocalStore } from '../local/local-store.js';

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
    let runId = '';
    await writeStoreAtSchema({
      path,
      schemaVersion: 3,
      write: async (store) => {
        runId = (await store.createRun({ experimentId: '0', runName: 'before-datasets' })).info.runId;
      },
    });
    const old = await DuckDbStore.open({ path, schemaVersion: 3 });
    expect((await old.getRun({ runId })).inputs).toBeUndefined();
    await old.close();

    const upgraded = await DuckDbStore.open({ path });
    const dataset = await upgraded.createDatasetVersion({ name: 'upgrade', rows: [{ q: 'a' }] });
    await upgraded.logRunInputs({ runId, inputs: [{ datasetName: 'upgrade', datasetVersion: 1, context: 'eval' }] });
    const stored = await upgraded.getRun({ runId });
    expect(stored.info.runName).toBe('before-datasets');
    expect(stored.inputs?.datasetInputs.map((input) => input.dataset.digest)).toEqual([dataset.digest]);
    const columns = await upgraded.sql({ query: `SELECT column_name FROM information_schema.columns WHERE table_name = 'run_inputs' ORDER BY ordinal_position` });
    expect(columns.rows.flat()).toEqual(['run_id', 'dataset_name', 'dataset_digest', 'context', 'dataset_version', 'run_key']);
    await upgraded.close();
  });

  it('keeps rows queryable with SQL as JSON', async () => {
    const store = await DuckDbStore.open({ path: ':memory:' });
    await store.createDatasetVersion({ name: 'sql', rows: [{ question: 'a?', n: 1 }, { question: 'b?', n: 2 }] });
    const result = await store.sql({ query: `SELECT row->>'question' AS question FROM dataset_rows WHERE name = 'sql' ORDER BY row_index` });
    expect(result.rows).toEqual([['a?'], ['b?']]);
    await store.close();
  });

  it('importDatasetFile records the source it is given instead of the path it read (a server importing an upload)', async () => {
    const store = await DuckDbStore.open({ path: ':memory:' });
    const file = join(root, 'upload-1234.csv');
    await writeFile(file, 'question,answer\n2+2?,4\n');
    const imported = await store.importDatasetFile({ name: 'uploaded', path: file, source: '/home/ana/qa.csv' });
    expect(imported).toMatchObject({ source: '/home/ana/qa.csv', sourceType: 'csv', rowCount: 1 });
    const plain = await store.importDatasetFile({ name: 'plain', path: file });
    expect(plain.source).toBe(file);
    await expect(store.importDatasetFile({ name: 'bad', path: file, source: '' })).rejects.toMatchObject({ code: 'INVALID_PARAMETER_VALUE' });
    await store.close();
  });

  it('LocalStore: creating a dataset waits for another process, then logs it to a run that was spooled meanwhile', async () => {
    const store = await LocalStore.open({ root, lingerMs: 0 });
    await store.getExperiment({ experimentId: '0' }); // known, so createRun below need not read the database
    const holder = await holdDatabase(store.databasePath); // as soon as the lease is let go
    // Spooled, not waiting: it is acknowledged while the other process holds the file.
    const run = await store.createRun({ experimentId: '0', runName: 'spooled-run' });
    expect((await readdir(join(root, 'spool'))).filter((name) => name.endsWith('.seg'))).toHaveLength(1);
    // A new dataset version waits for the file (it leaves a waiting marker) and is created once the holder lets go.
    const events: string[] = [];
    const creating = store.createDatasetVersion({ name: 'busy', rows: [{ q: 'x' }] }).then((created) => {
      events.push('created');
      return created;
    });
    await someoneWaits(root);
    events.push('released');
    await holder.release();
    const dataset = await creating;
    expect(events).toEqual(['released', 'created']);
    expect(dataset.version).toBe(1);
    await store.logRunInputs({ runId: run.info.runId, inputs: [{ datasetName: 'busy', datasetVersion: 1 }] });
    expect((await store.getRun({ runId: run.info.runId })).inputs?.datasetInputs).toHaveLength(1);
    await store.close();
  });
});
