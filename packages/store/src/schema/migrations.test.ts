import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeStoreAtSchema } from '../__fixtures__/write-store-at-schema.js';
import { DuckDbStore } from '../duckdb-store.js';
import { openDuckDb } from '../duckdb/open-duckdb.js';
import { LATEST_SCHEMA_VERSION, readSchemaVersion } from './migrations.js';

describe('schema migrations', () => {
  let directory: string;
  beforeEach(async () => {
    directory = await mkdtemp(join(tmpdir(), 'assay-migrations-'));
  });
  afterEach(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  it('upgrades a store made by an older version in place, keeping its data', async () => {
    const path = join(directory, 'assay.duckdb');
    let runId = '';
    await writeStoreAtSchema({
      path,
      schemaVersion: 1,
      write: async (store) => {
        const experimentId = await store.createExperiment({ name: 'made-by-v1' });
        runId = (await store.createRun({ experimentId, runName: 'old-run' })).info.runId;
        await store.logBatch({ runId, metrics: [{ key: 'acc', value: 0.5, timestamp: 1, step: 0 }] });
      },
    });
    const old = await DuckDbStore.open({ path, schemaVersion: 1 });
    const tablesBefore = await old.sql({ query: `select table_name from information_schema.tables where table_name = 'run_inputs'` });
    expect(tablesBefore.rows).toEqual([]);
    await old.close();

    const upgraded = await DuckDbStore.open({ path });
    expect((await upgraded.sql({ query: 'select max(version) from assay_schema' })).rows).toEqual([[LATEST_SCHEMA_VERSION]]);
    expect((await upgraded.sql({ query: `select count(*) from run_inputs` })).rows).toEqual([[0]]);
    const stored = await upgraded.getRun({ runId });
    expect(stored.info.runName).toBe('old-run');
    expect(stored.data.metrics).toEqual({ acc: 0.5 });
    await upgraded.close();
  });

  it('upgrades a schema 9 store to the registry of schema 10: a version registered from a run made before', async () => {
    const path = join(directory, 'assay.duckdb');
    let runId = '';
    await writeStoreAtSchema({
      path,
      schemaVersion: 9,
      write: async (store) => {
        runId = (await store.createRun({ experimentId: '0', runName: 'before-the-registry' })).info.runId;
      },
    });
    const upgraded = await DuckDbStore.open({ path });
    await upgraded.createRegisteredModel({ name: 'm' });
    const version = await upgraded.createModelVersion({ name: 'm', source: `runs:/${runId}/model`, runId });
    expect(version).toMatchObject({ version: 1, runId, status: 'READY', currentStage: 'None' });
    await upgraded.close();
  });

  it("upgrades a schema 10 registry to schema 11: versions' tags move onto their rows and stay in step", async () => {
    const path = join(directory, 'assay.duckdb');
    const old = await DuckDbStore.open({ path, schemaVersion: 10 });
    // Rows as version 10 wrote them (this code writes version 11 rows).
    await old.connection.run(`INSERT INTO registered_models VALUES (1, 'm', NULL, 1700000000000, 1700000000000, 2)`);
    await old.connection.run(
      `INSERT INTO model_versions VALUES (1, 1, 1, NULL, 's3://a', NULL, NULL, 'READY', NULL, 'None', 1700000000000, 1700000000000),
                                         (2, 1, 2, NULL, 's3://b', NULL, NULL, 'READY', NULL, 'None', 1700000000000, 1700000000000)`,
    );
    await old.connection.run(`INSERT INTO model_version_tags VALUES (1, 'b', '2'), (1, 'a', '1')`);
    await old.close();

    const upgraded = await DuckDbStore.open({ path });
    expect((await upgraded.getModelVersion({ name: 'm', version: 1 })).tags).toEqual({ a: '1', b: '2' });
    expect((await upgraded.getModelVersion({ name: 'm', version: 2 })).tags).toEqual({});
    await upgraded.setModelVersionTag({ name: 'm', version: 2, key: 'c', value: '3' });
    await upgraded.deleteModelVersionTag({ name: 'm', version: 1, key: 'a' });
    const page = await upgraded.searchModelVersions({ filter: "name = 'm'" });
    expect(page.items.map((version) => version.tags)).toEqual([{ c: '3' }, { b: '2' }]);
    await upgraded.close();
  });

  it('upgrades a store with traces to schema 6: they read back without cost or assessments, and can be assessed', async () => {
    const path = join(directory, 'assay.duckdb');
    const old = await DuckDbStore.open({ path, schemaVersion: 5 });
    const traceId = `tr-${'a'.repeat(32)}`;
    // Rows as version 5 wrote them (this code writes version 6 rows).
    await old.connection.run(
      `INSERT INTO traces VALUES ($1, '0', NULL, 'chat', 1700000000000, 100, 1700000000100, 'OK', NULL, NULL, 10, 5, 15, NULL, NULL, '{}', $2)`,
      [traceId, 'b'.repeat(16)],
    );
    await old.connection.run(
      `INSERT INTO spans VALUES ($1, $2, NULL, 'chat', 'LLM', 1700000000000000000, 1700000000100000000, 'OK', NULL, $3, '[]', NULL, NULL)`,
      [traceId, 'b'.repeat(16), JSON.stringify({ 'gen_ai.response.model': 'gpt-4o', 'gen_ai.usage.input_tokens': 10, 'gen_ai.usage.output_tokens': 5 })],
    );
    await old.close();

    const upgraded = await DuckDbStore.open({ path });
    const trace = await upgraded.getTrace({ traceId });
    expect(trace.info.tokenUsage).toEqual({ inputTokens: 10, outputTokens: 5, totalTokens: 15 });
    expect(trace.info.cost).toBeUndefined();
    expect(trace.info.assessments).toEqual([]);
    expect(trace.spans[0]!.cost).toBeUndefined();
    const [rating] = await upgraded.logAssessments({
      assessments: [{ traceId, name: 'rating', source: { sourceType: 'HUMAN', sourceId: 'ada' }, feedback: { value: 5 } }],
    });
    expect((await upgraded.getTrace({ traceId })).info.assessments).toEqual([rating]);
    await upgraded.close();
  });

  it('refuses a store written by a newer Assay, with a message saying what to do', async () => {
    const path = join(directory, 'assay.duckdb');
    (await DuckDbStore.open({ path })).closeSync();
    const handle = await openDuckDb({ path });
    await handle.connection.run(`insert into assay_schema values (99, 'from the future', 0)`);
    expect(await readSchemaVersion(handle.connection)).toBe(99);
    handle.closeSync();
    await expect(DuckDbStore.open({ path })).rejects.toThrow(/schema version 99.*Upgrade Assay/u);
  });
});
