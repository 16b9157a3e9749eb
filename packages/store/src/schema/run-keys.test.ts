import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SearchRunsInput } from '@assay/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeStoreAtSchema } from '../__fixtures__/write-store-at-schema.js';
import { DuckDbStore } from '../duckdb-store.js';
import type { FilterMapping } from '../queries/compile-filter.js';
import { compileRunSearch } from '../queries/compile-run-search.js';
import { RUN_FILTER_MAPPING } from '../queries/run-filter-mapping.js';

/** The run search's joins as they were before schema 8: on run_id. */
const RUN_ID_MAPPING: FilterMapping = {
  column: (field, parameters) => RUN_FILTER_MAPPING.column(field, parameters),
  keyed(field, parameters) {
    const keyed = RUN_FILTER_MAPPING.keyed(field, parameters);
    return keyed && { ...keyed, outerId: 'r.run_id', idColumn: 'run_id' };
  },
};

const SEARCHES: Omit<SearchRunsInput, 'experimentIds'>[] = [
  { filter: 'metrics.acc > 0.4', orderBy: ['metrics.acc DESC'] },
  { filter: `params.model = 'gpt-4o' and tags.team LIKE 'ml%'`, orderBy: ['metrics.loss ASC'] },
  { filter: `tags.team = 'search' or metrics.loss < 0.3`, orderBy: ['params.model ASC', 'metrics.acc DESC'] },
  { filter: `dataset.name = 'questions'` },
  { filter: `tags.stage != 'done'`, viewType: 'ALL' },
  { orderBy: ['metrics.loss DESC'], viewType: 'DELETED_ONLY' },
  { orderBy: ['metrics.acc ASC'], maxResults: 5 },
];

/** Runs in an experiment: params, metrics (some missing, some logged twice), tags (some changed, one deleted), one deleted run, a dataset input. */
async function writeRuns(store: DuckDbStore): Promise<string> {
  const experimentId = await store.createExperiment({ name: 'keys' });
  await store.createDatasetVersion({ name: 'questions', rows: [{ q: 'a' }] });
  for (let index = 0; index < 12; index += 1) {
    const teams = ['ml-core', 'ml-apps', 'search'];
    const { runId } = (await store.createRun({ experimentId, runName: `run-${index}`, startTime: 1000 + (index % 5), tags: { team: teams[index % 3]! } })).info;
    await store.logBatch({
      runId,
      params: [{ key: 'model', value: index % 2 === 0 ? 'gpt-4o' : 'claude' }],
      metrics: index === 7 ? [] : [{ key: 'acc', value: (index * 37) % 10 / 10, timestamp: 1, step: 0 }],
      tags: [{ key: 'stage', value: 'running' }],
    });
    if (index % 3 !== 1) await store.logBatch({ runId, metrics: [{ key: 'loss', value: 1 / (index + 1), timestamp: 2, step: 1 }] });
    if (index % 4 === 0) await store.logBatch({ runId, tags: [{ key: 'stage', value: 'done' }] });
    if (index === 5) await store.deleteTag({ runId, key: 'stage' });
    if (index === 9) await store.deleteRun({ runId });
    if (index === 3) await store.logRunInputs({ runId, inputs: [{ datasetName: 'questions', datasetVersion: 1 }] });
  }
  return experimentId;
}

async function pageIds(store: DuckDbStore, input: SearchRunsInput): Promise<string[]> {
  return (await store.searchRuns(input)).runs.map((run) => run.info.runId);
}

describe('schema 8: run keys', () => {
  let directory: string;
  beforeEach(async () => {
    directory = await mkdtemp(join(tmpdir(), 'assay-run-keys-'));
  });
  afterEach(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  it('numbers the runs of a schema-7 store in the order written, keys every joined row, and searches find the same runs', async () => {
    const path = join(directory, 'assay.duckdb');
    let experimentId = '';
    await writeStoreAtSchema({ path, schemaVersion: 7, write: async (store) => void (experimentId = await writeRuns(store)) });

    const old = await DuckDbStore.open({ path, schemaVersion: 7 });
    const before: string[][] = [];
    for (const search of SEARCHES) {
      const compiled = compileRunSearch({ ...search, experimentIds: [experimentId] }, RUN_ID_MAPPING);
      const rows = (await old.connection.runAndReadAll(compiled.sql, compiled.values)).getRows();
      before.push(rows.slice(0, compiled.limit).map(([id]) => String(id)));
    }
    await old.close();

    const upgraded = await DuckDbStore.open({ path });
    const after = await Promise.all(SEARCHES.map((search) => pageIds(upgraded, { ...search, experimentIds: [experimentId] })));
    expect(after).toEqual(before);
    expect(before.every((ids) => ids.length > 0)).toBe(true);
    const keys = await upgraded.sql({ query: `SELECT run_name, run_key FROM runs WHERE experiment_id = '${experimentId}' ORDER BY run_key` });
    expect(keys.rows).toEqual(Array.from({ length: 12 }, (_, index) => [`run-${index}`, index + 1]));
    for (const table of ['params', 'tags', 'latest_metrics', 'run_inputs']) {
      const unkeyed = await upgraded.sql({ query: `SELECT count(*) FROM ${table} k LEFT JOIN runs r USING (run_id) WHERE k.run_key IS DISTINCT FROM r.run_key` });
      expect([table, unkeyed.rows]).toEqual([table, [[0]]]);
    }
    await upgraded.close();
  });

  it('keys a run created after the upgrade after the highest one, and searches join its params, tags and metrics, and the old runs\' new ones', async () => {
    const path = join(directory, 'assay.duckdb');
    let experimentId = '';
    await writeStoreAtSchema({ path, schemaVersion: 7, write: async (store) => void (experimentId = await writeRuns(store)) });
    const store = await DuckDbStore.open({ path });
    const { runId } = (await store.createRun({ experimentId, runName: 'after', tags: { team: 'ml-new' } })).info;
    await store.logBatch({ runId, params: [{ key: 'model', value: 'gpt-5' }], metrics: [{ key: 'acc', value: 2, timestamp: 1, step: 0 }] });
    await store.logRunInputs({ runId, inputs: [{ datasetName: 'questions', datasetVersion: 1 }] });
    const [oldRunId] = await pageIds(store, { experimentIds: [experimentId], filter: `attributes.run_name = 'run-2'` });
    await store.logBatch({ runId: oldRunId!, params: [{ key: 'seed', value: '7' }], metrics: [{ key: 'acc', value: 3, timestamp: 5, step: 2 }], tags: [{ key: 'team', value: 'ml-new' }] });

    const created = await store.sql({ query: `SELECT run_key FROM runs WHERE run_id = '${runId}'` });
    expect(created.rows).toEqual([[13]]);
    const search = (filter: string, orderBy: string[] = []): Promise<string[]> => pageIds(store, { experimentIds: [experimentId], filter, orderBy });
    expect(await search(`params.model = 'gpt-5' and tags.team = 'ml-new' and metrics.acc = 2`)).toEqual([runId]);
    expect(await search(`tags.team = 'ml-new'`, ['metrics.acc DESC'])).toEqual([oldRunId, runId]);
    expect(await search(`params.seed = '7' and metrics.acc > 2.5`)).toEqual([oldRunId]);
    expect(await search(`dataset.name = 'questions' and params.model = 'gpt-5'`)).toEqual([runId]);
    expect((await search('metrics.acc >= 0', ['metrics.acc DESC'])).slice(0, 2)).toEqual([oldRunId, runId]);
    await store.close();
  });
});
