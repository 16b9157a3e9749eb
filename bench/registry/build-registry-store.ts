// The store bench/registry measures: `models` registered models × 100 versions, each version from its own run.
import { join } from 'node:path';
import type { ModelVersion, WriteOperation } from '@assay/core';
import { DuckDbStore } from '@assay/store';
// Not part of the package's API: the maintenance a LocalStore runs when idle, run here once the rows are in.
import { sortKeyValueTables } from '../../packages/store/src/maintenance/sort-key-value-tables.js';

export const VERSIONS = 100;
const DATASETS = 500;
const FRAMEWORKS = ['pytorch', 'onnx', 'sklearn', 'transformers'];

/** `model-0042`. */
export const modelName = (model: number): string => `model-${String(model).padStart(4, '0')}`;

/**
 * Builds the store in `root` (a DuckDB file `assay.duckdb`): `models` × 100 runs in experiment
 * 'bench-registry' through applyWrites; model-0000's versions (tags dataset, framework, git_sha) and
 * aliases (champion, challenger) through the RegistryStore API; the other models' in one INSERT ... SELECT
 * per table, checked to read back as the API's do. Returns the run ids in version order (model-major).
 */
export async function buildRegistryStore(root: string, models: number): Promise<{ runIds: string[]; seconds: number; sorted: string[] }> {
  const building = performance.now();
  const runs = models * VERSIONS;
  const store = await DuckDbStore.open({ path: join(root, 'assay.duckdb') });
  const experimentId = await store.createExperiment({ name: 'bench-registry' });
  const experiment = await store.getExperiment({ experimentId });
  const teams = ['ml-core', 'ml-apps', 'search', 'infra'];
  const runIds: string[] = [];
  const chunk = 20_000;
  for (let first = 0; first < runs; first += chunk) {
    const operations: WriteOperation[] = [];
    for (let index = first; index < Math.min(runs, first + chunk); index += 1) {
      const create = await store.prepareRun({ experimentId, runName: `train-${index}`, startTime: 1_700_000_000_000 + index, tags: { team: teams[index % 4]! } }, experiment);
      runIds.push(create.run.runId);
      operations.push(create);
    }
    await store.applyWrites(operations);
  }
  // model-0000 through the API: the reference the bulk rows are checked against.
  await store.createRegisteredModel({ name: modelName(0), description: 'bench model 0', tags: { team: 'ml-core' } });
  for (let version = 1; version <= VERSIONS; version += 1) {
    await store.createModelVersion({
      name: modelName(0),
      source: `runs:/${runIds[version - 1]}/model`,
      runId: runIds[version - 1]!,
      tags: { dataset: `ds-${String((version - 1) % DATASETS).padStart(3, '0')}`, framework: FRAMEWORKS[(version - 1) % 4]!, git_sha: `sha-${version - 1}` },
    });
  }
  await store.setRegisteredModelAlias({ name: modelName(0), alias: 'champion', version: VERSIONS - 10 });
  await store.setRegisteredModelAlias({ name: modelName(0), alias: 'challenger', version: VERSIONS });
  // The other models in bulk: the same rows createRegisteredModel, createModelVersion and setRegisteredModelAlias write.
  await store.exclusive(async (connection) => {
    await connection.run('BEGIN TRANSACTION');
    await connection.run('CREATE TEMP TABLE bench_run_ids (position BIGINT, run_id VARCHAR)');
    const appender = await connection.createAppender('bench_run_ids', 'main', 'temp');
    runIds.forEach((runId, position) => {
      appender.appendBigInt(BigInt(position));
      appender.appendVarchar(runId);
      appender.endRow();
    });
    appender.closeSync();
    const now = Date.now();
    await connection.run(
      `INSERT INTO registered_models (model_key, name, description, creation_time, last_updated_time, last_version) SELECT m + 1, 'model-' || lpad(m::VARCHAR, 4, '0'), 'bench model ' || m, ${now}, ${now}, ${VERSIONS}
       FROM range(1, ${models}) t(m)`,
    );
    await connection.run(`INSERT INTO registered_model_tags SELECT m + 1, 'team', 'ml-core' FROM range(1, ${models}) t(m)`);
    // version_key continues after model-0000's: model m's version v is position m * VERSIONS + v - 1.
    // The tags createModelVersion writes, as rows and as the version row's tags_json.
    const tag = {
      dataset: `'ds-' || lpad((p % ${DATASETS})::VARCHAR, 3, '0')`,
      framework: `[${FRAMEWORKS.map((name) => `'${name}'`).join(', ')}][p % 4 + 1]`,
      git_sha: `'sha-' || p`,
    };
    await connection.run(
      `INSERT INTO model_versions (version_key, model_key, version, description, source, run_id, run_link, status, status_message, current_stage, creation_time, last_updated_time, tags_json)
       SELECT p + 1, p // ${VERSIONS} + 1, p % ${VERSIONS} + 1, NULL, 'runs:/' || r.run_id || '/model', r.run_id, NULL, 'READY', NULL, 'None', ${now} + p, ${now} + p,
              json_object('dataset', ${tag.dataset}, 'framework', ${tag.framework}, 'git_sha', ${tag.git_sha})::VARCHAR
       FROM (SELECT position AS p, run_id FROM bench_run_ids WHERE position >= ${VERSIONS}) r ORDER BY p`,
    );
    await connection.run(
      `INSERT INTO model_version_tags
       SELECT p + 1, t.key, CASE t.key WHEN 'dataset' THEN ${tag.dataset} WHEN 'framework' THEN ${tag.framework} ELSE ${tag.git_sha} END
       FROM range(${VERSIONS}, ${runs}) r(p), (VALUES ('dataset'), ('framework'), ('git_sha')) t(key) ORDER BY p, t.key`,
    );
    await connection.run(
      `INSERT INTO registered_model_aliases
       SELECT m + 1, a.alias, ${VERSIONS} + a.delta FROM range(1, ${models}) t(m), (VALUES ('challenger', 0), ('champion', -10)) a(alias, delta) ORDER BY m, a.alias`,
    );
    await connection.run('DROP TABLE bench_run_ids');
    await connection.run('COMMIT');
  });
  // The layout a user's store has: a LocalStore's idle maintenance re-sorts a key/value table by (key, owner)
  // once a fifth of its rows came unsorted (here the run tags and the model version tags).
  const { sorted } = await store.exclusive((connection) => sortKeyValueTables(connection));
  // A bulk version reads back with the fields the API gives.
  const viaApi = await store.getModelVersion({ name: modelName(0), version: 42 });
  const inBulk = await store.getModelVersion({ name: modelName(1), version: 42 });
  const shape = (version: ModelVersion): string =>
    JSON.stringify({ ...version, name: '', source: '', runId: '', creationTimestamp: 0, lastUpdatedTimestamp: 0, tags: Object.entries(version.tags).map(([key, value]) => [key, value.replace(/[0-9]+/gu, 'N')]) });
  if (shape(viaApi) !== shape(inBulk)) throw new Error(`bulk rows differ from the API's:\n${shape(viaApi)}\n${shape(inBulk)}`);
  await store.close();
  return { runIds, seconds: (performance.now() - building) / 1000, sorted };
}

