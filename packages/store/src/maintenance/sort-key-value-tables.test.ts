import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import type { DuckDBConnection } from '@duckdb/node-api';
import type { WriteOperation } from '@assay/core';
import { afterEach, beforeEach, describe, expect, it, onTestFinished, vi } from 'vitest';
import { DuckDbStore } from '../duckdb-store.js';
import { KEY_VALUE_TABLES, readTableLayout, sortKeyValueTable, sortKeyValueTables } from './sort-key-value-tables.js';

const MODELS = ['gpt-4o', 'claude', 'llama'];

/** Writes `count` runs (numbered from `first`) in one transaction: 10 params, 10 metrics and a `team` tag each. */
async function writeRuns(store: DuckDbStore, experimentId: string, first: number, count: number): Promise<void> {
  const experiment = await store.getExperiment({ experimentId });
  const operations: WriteOperation[] = [];
  for (let index = first; index < first + count; index += 1) {
    const create = await store.prepareRun({ experimentId, runName: `run-${index}`, startTime: 1000 + index, tags: { team: index % 2 === 0 ? 'ml-core' : 'search' } }, experiment);
    operations.push(create, {
      op: 'logBatch',
      runId: create.run.runId,
      params: Array.from({ length: 10 }, (_, key) => ({ key: key === 0 ? 'model' : `param_${key}`, value: key === 0 ? MODELS[index % 3]! : String(index) })),
      metrics: Array.from({ length: 10 }, (_, key) => ({ key: `m_${key}`, value: (index * 7 + key) % 100, timestamp: 1, step: 0 })),
      tags: [],
    });
  }
  await store.applyWrites(operations);
}

/** A table's rows in physical order (rowid), every column. */
async function physicalRows(connection: DuckDBConnection, table: string): Promise<unknown[][]> {
  return (await connection.runAndReadAll(`SELECT * FROM ${table} ORDER BY rowid`)).getRows();
}

/** A table's rows in one order that does not depend on the physical one. */
async function contents(connection: DuckDBConnection, table: string): Promise<unknown[][]> {
  return (await connection.runAndReadAll(`SELECT * FROM ${table} ORDER BY ALL`)).getRows();
}

/** Whether a table's rows are, in physical order, in (key, owner key) order. */
async function inKeyOrder(connection: DuckDBConnection, table: string, ownerKey = 'run_key'): Promise<boolean> {
  const physical = (await connection.runAndReadAll(`SELECT key, ${ownerKey} FROM ${table} ORDER BY rowid`)).getRows();
  const sorted = (await connection.runAndReadAll(`SELECT key, ${ownerKey} FROM ${table} ORDER BY key, ${ownerKey}`)).getRows();
  return isDeepStrictEqual(physical, sorted);
}

/** The ids of the runs a search finds, every page read. */
async function searchIds(store: DuckDbStore, experimentId: string, filter: string): Promise<string[]> {
  const ids: string[] = [];
  let pageToken: string | undefined;
  do {
    const page = await store.searchRuns({ experimentIds: [experimentId], filter, orderBy: ['metrics.m_1 DESC'], maxResults: 1000, ...(pageToken ? { pageToken } : {}) });
    ids.push(...page.runs.map((run) => run.info.runId));
    pageToken = page.nextPageToken;
  } while (pageToken);
  return ids;
}

describe('re-sorting the key/value tables', () => {
  let directory: string;
  let store: DuckDbStore;
  let experimentId: string;
  beforeEach(async () => {
    directory = await mkdtemp(join(tmpdir(), 'assay-sort-tables-'));
    store = await DuckDbStore.open({ path: join(directory, 'assay.duckdb') });
    experimentId = await store.createExperiment({ name: 'sorting' });
  });
  afterEach(async () => {
    await store.close();
    await rm(directory, { recursive: true, force: true });
  });

  it('leaves a table whose unsorted rows are below the threshold as it is', async () => {
    // 900 runs: 9,000 params and latest metrics, 900 tags, all unsorted (a new store sorted nothing).
    await writeRuns(store, experimentId, 0, 900);
    const before = await physicalRows(store.connection, 'params');
    expect(await inKeyOrder(store.connection, 'params')).toBe(false);

    expect(await sortKeyValueTables(store.connection)).toEqual({ sorted: [], stopped: false });

    expect(await physicalRows(store.connection, 'params')).toEqual(before);
    expect(await readTableLayout(store.connection, 'params')).toEqual({ rows: 9000, sortedRows: 0 });
  }, 60_000);

  it('sorts the tables above the threshold, keeping every row exactly once, and records them sorted', async () => {
    // 1,100 runs: 11,000 params and latest metrics (above 10,000), 1,100 tags (below).
    await writeRuns(store, experimentId, 0, 1100);
    const before = Object.fromEntries(await Promise.all(KEY_VALUE_TABLES.map(async (table) => [table, await contents(store.connection, table)] as const)));
    const tagsBefore = await physicalRows(store.connection, 'tags');

    expect(await sortKeyValueTables(store.connection)).toEqual({ sorted: ['params', 'latest_metrics'], stopped: false });

    for (const table of KEY_VALUE_TABLES) expect(await contents(store.connection, table)).toEqual(before[table]);
    expect(await inKeyOrder(store.connection, 'params')).toBe(true);
    expect(await inKeyOrder(store.connection, 'latest_metrics')).toBe(true);
    expect(await physicalRows(store.connection, 'tags')).toEqual(tagsBefore);
    expect(await readTableLayout(store.connection, 'params')).toEqual({ rows: 11_000, sortedRows: 11_000 });
    // The rebuilt table keeps the migrations' constraints.
    await expect(store.connection.run(`INSERT INTO params VALUES (NULL, 'k', 'v', 1)`)).rejects.toThrow(/NOT NULL/u);
  }, 60_000);

  it('finds rows appended after a sort, before and after the next sort', async () => {
    await writeRuns(store, experimentId, 0, 1100);
    await sortKeyValueTables(store.connection);
    // Another 1,100 runs: 11,000 unsorted params of 22,000, above the threshold.
    await writeRuns(store, experimentId, 1100, 1100);
    const filter = `params.model = 'gpt-4o' and tags.team = 'ml-core' and metrics.m_1 >= 50`;
    const beforeSort = await searchIds(store, experimentId, filter);
    // Runs 0, 6, 12, ... (gpt-4o and ml-core) whose m_1 = (7 index + 1) % 100 is at least 50, on both sides of the sort.
    const expected = Array.from({ length: 2200 }, (_, index) => index).filter((index) => index % 6 === 0 && (index * 7 + 1) % 100 >= 50);
    expect(beforeSort).toHaveLength(expected.length);
    expect(expected.some((index) => index >= 1100)).toBe(true);
    const names = await store.connection.runAndReadAll(
      `SELECT run_id FROM runs WHERE run_name IN (${expected.map((index) => `'run-${index}'`).join(', ')})`,
    );
    expect(new Set(beforeSort)).toEqual(new Set(names.getRows().map(([runId]) => String(runId))));

    expect(await sortKeyValueTables(store.connection)).toEqual({ sorted: ['params', 'latest_metrics'], stopped: false });

    // As sets: runs of equal m_1 may come in another order once the rows moved.
    expect((await searchIds(store, experimentId, filter)).sort()).toEqual([...beforeSort].sort());
  }, 60_000);

  it('stops between tables when asked, and says a table is still to sort', async () => {
    await writeRuns(store, experimentId, 0, 1100);
    let asked = 0;
    expect(await sortKeyValueTables(store.connection, () => (asked += 1) > 1)).toEqual({ sorted: ['params'], stopped: true });
    expect(await inKeyOrder(store.connection, 'latest_metrics')).toBe(false);
    expect(await sortKeyValueTables(store.connection)).toEqual({ sorted: ['latest_metrics'], stopped: false });
  }, 60_000);

  it('leaves the table as it was when the sort fails in the middle', async () => {
    await writeRuns(store, experimentId, 0, 1100);
    const before = await physicalRows(store.connection, 'params');
    const { connection } = store;
    const run = connection.run.bind(connection);
    // Fails the rename, after the sorted copy was filled and the table dropped.
    const spy = vi.spyOn(connection, 'run').mockImplementation((sql, ...rest) => (sql.startsWith('ALTER TABLE') ? Promise.reject(new Error('injected failure')) : run(sql, ...rest)));
    await expect(sortKeyValueTable(connection, 'params')).rejects.toThrow('injected failure');
    const statements = spy.mock.calls.map(([sql]) => sql.split(' ')[0]);
    expect(statements.slice(statements.indexOf('CREATE'))).toEqual(['CREATE', 'INSERT', 'DROP', 'ALTER', 'ROLLBACK']);
    spy.mockRestore();

    expect(await physicalRows(connection, 'params')).toEqual(before);
    expect(await readTableLayout(connection, 'params')).toEqual({ rows: 11_000, sortedRows: 0 });
    const tables = await connection.runAndReadAll(`SELECT table_name FROM duckdb_tables() WHERE table_name LIKE 'params%'`);
    expect(tables.getRows()).toEqual([['params']]);
    // And the next sort works.
    await sortKeyValueTable(connection, 'params');
    expect(await inKeyOrder(connection, 'params')).toBe(true);
  }, 60_000);

  it('leaves the table as it was when its sorted copy cannot be created (the name is taken)', async () => {
    await writeRuns(store, experimentId, 0, 1100);
    const before = await physicalRows(store.connection, 'params');
    await store.connection.run('CREATE TABLE params_sorting (id INTEGER)');
    await expect(sortKeyValueTable(store.connection, 'params')).rejects.toThrow(/params_sorting/u);
    expect(await physicalRows(store.connection, 'params')).toEqual(before);
    expect(await readTableLayout(store.connection, 'params')).toEqual({ rows: 11_000, sortedRows: 0 });
  }, 60_000);
});

describe('schema 9: the sorted rows of a store upgraded from schema 8', () => {
  let directory: string;
  beforeEach(async () => {
    directory = await mkdtemp(join(tmpdir(), 'assay-sorted-rows-'));
  });
  afterEach(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  it('counts the rows before the first one out of (key, run_key) order', async () => {
    const path = join(directory, 'assay.duckdb');
    const old = await DuckDbStore.open({ path, schemaVersion: 8 });
    const experimentId = await old.createExperiment({ name: 'upgrade' });
    await writeRuns(old, experimentId, 0, 30);
    // Sorted as migration 8 leaves a table, then runs appended.
    await old.connection.run('CREATE TABLE params_copy AS SELECT * FROM params ORDER BY key, run_key');
    await old.connection.run('DELETE FROM params');
    await old.connection.run('INSERT INTO params SELECT * FROM params_copy ORDER BY key, run_key');
    await old.connection.run('DROP TABLE params_copy');
    await writeRuns(old, experimentId, 30, 20);
    await old.close();

    const upgraded = await DuckDbStore.open({ path });
    try {
      expect(await readTableLayout(upgraded.connection, 'params')).toEqual({ rows: 500, sortedRows: 300 });
      // Written in write order from the start: the first run's rows (one per key, keys in order) only.
      expect(await readTableLayout(upgraded.connection, 'latest_metrics')).toEqual({ rows: 500, sortedRows: 10 });
    } finally {
      await upgraded.close();
    }
  }, 60_000);

  it('sorts model version tags by (key, version_key), and a tag search finds the same versions after', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'assay-sort-version-tags-'));
    const store = await DuckDbStore.open({ path: join(directory, 'assay.duckdb') });
    onTestFinished(async () => {
      await store.close();
      await rm(directory, { recursive: true, force: true });
    });
    // 110 versions with 100 tags each: 11,000 tag rows, written version by version (unsorted by key).
    await store.createRegisteredModel({ name: 'm' });
    for (let version = 0; version < 110; version += 1) {
      const tags = Object.fromEntries(Array.from({ length: 100 }, (_, key) => [`k${key}`, String((version * (key + 1)) % 7)]));
      await store.createModelVersion({ name: 'm', source: `file:///m/${version}`, tags });
    }
    const search = async () => (await store.searchModelVersions({ filter: "tags.k3 = '2'" })).items.map((version) => version.version);
    const before = await search();
    // Versions v (1-based) whose tag k3 = ((v - 1) * 4) % 7 is 2: v - 1 ≡ 4 (mod 7).
    expect(before).toEqual(Array.from({ length: 110 }, (_, index) => index + 1).filter((version) => (version - 1) % 7 === 4).reverse());
    const rows = await contents(store.connection, 'model_version_tags');
    expect(await inKeyOrder(store.connection, 'model_version_tags', 'version_key')).toBe(false);

    expect((await sortKeyValueTables(store.connection)).sorted).toContain('model_version_tags');

    expect(await contents(store.connection, 'model_version_tags')).toEqual(rows);
    expect(await inKeyOrder(store.connection, 'model_version_tags', 'version_key')).toBe(true);
    expect(await readTableLayout(store.connection, 'model_version_tags')).toEqual({ rows: 11_000, sortedRows: 11_000 });
    expect(await search()).toEqual(before);
    // Writes after the sort still land and are found.
    await store.setModelVersionTag({ name: 'm', version: 1, key: 'k3', value: '2' });
    expect(await search()).toEqual([...before, 1]);
  }, 60_000);
});
