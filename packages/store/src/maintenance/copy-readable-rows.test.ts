import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeStoreAtSchema } from '../__fixtures__/write-store-at-schema.js';
import { DuckDbStore } from '../duckdb-store.js';
import { LATEST_SCHEMA_VERSION, tablesOfVersion } from '../schema/migrations.js';
import { copyReadableRows } from './copy-readable-rows.js';

describe('copyReadableRows', () => {
  let directory: string;
  beforeEach(async () => {
    directory = await mkdtemp(join(tmpdir(), 'assay-copy-rows-'));
  });
  afterEach(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  it('gives the runs of a schema-7 store run keys, and their key/value rows the same ones, so searches find them', async () => {
    const sourcePath = join(directory, 'old.duckdb');
    const runIds: string[] = [];
    await writeStoreAtSchema({
      path: sourcePath,
      schemaVersion: 7,
      write: async (store) => {
        for (let index = 0; index < 3; index += 1) {
          const { runId } = (await store.createRun({ experimentId: '0', runName: `run-${index}`, tags: { team: `t${index}` } })).info;
          await store.logBatch({ runId, params: [{ key: 'p', value: String(index) }], metrics: [{ key: 'm', value: index, timestamp: 1, step: 0 }] });
          runIds.push(runId);
        }
      },
    });
    const store = await DuckDbStore.open({ path: join(directory, 'new.duckdb') });
    await store.connection.run(`ATTACH '${sourcePath}' AS damaged (READ_ONLY)`);
    await store.connection.run('DELETE FROM experiments');
    await copyReadableRows({ connection: store.connection, source: 'damaged', tables: tablesOfVersion(LATEST_SCHEMA_VERSION) });

    expect((await store.sql({ query: 'SELECT run_name, run_key FROM runs ORDER BY run_key' })).rows).toEqual([['run-0', 1], ['run-1', 2], ['run-2', 3]]);
    const search = async (filter: string): Promise<string[]> =>
      (await store.searchRuns({ experimentIds: ['0'], filter, orderBy: ['metrics.m DESC'] })).runs.map((run) => run.info.runId);
    expect(await search(`params.p != '1' and tags.team LIKE 't%' and metrics.m >= 0`)).toEqual([runIds[2], runIds[0]]);
    const next = await store.createRun({ experimentId: '0', runName: 'after' });
    expect((await store.sql({ query: `SELECT run_key FROM runs WHERE run_id = '${next.info.runId}'` })).rows).toEqual([[4]]);
    await store.close();
  });
});
