import { listValue, type DuckDBConnection } from '@duckdb/node-api';
import { DATASET_CONTEXT_TAG, type DatasetColumn, type DatasetSourceType, type Run, type RunInputs } from '@assay/core';
import { toNumber } from './to-number.js';

// Whether a connection's database has the datasets table: false only while a
// store is held at an older schema version (upgrade tests); checked once per connection.
const hasDatasetTables = new WeakMap<DuckDBConnection, boolean>();

async function datasetTablesExist(connection: DuckDBConnection): Promise<boolean> {
  let known = hasDatasetTables.get(connection);
  if (known === undefined) {
    const result = await connection.runAndReadAll(
      `SELECT count(*) FROM information_schema.columns WHERE table_schema = 'main' AND table_name = 'run_inputs' AND column_name = 'dataset_version'`,
    );
    known = toNumber(result.getRows()[0]?.[0]) > 0;
    hasDatasetTables.set(connection, known);
  }
  return known;
}

/** Adds `inputs` to the runs that have logged dataset inputs (in the order they were logged). */
export async function attachRunInputs(connection: DuckDBConnection, runs: Run[]): Promise<Run[]> {
  if (runs.length === 0 || !(await datasetTablesExist(connection))) return runs;
  const result = await connection.runAndReadAll(
    `SELECT ri.run_id, ri.context, d.name, d.version, d.digest, d.source_type, d.source, d.schema::VARCHAR, d.row_count
     FROM run_inputs ri JOIN datasets d ON d.name = ri.dataset_name AND d.version = ri.dataset_version
     WHERE ri.run_id IN (SELECT unnest($1)) ORDER BY ri.rowid`,
    [listValue(runs.map((run) => run.info.runId))],
  );
  const byRun = new Map<string, RunInputs>();
  for (const [runId, context, name, version, digest, sourceType, source, schema, rowCount] of result.getRows()) {
    const key = String(runId);
    const inputs = byRun.get(key) ?? { datasetInputs: [] };
    inputs.datasetInputs.push({
      dataset: {
        name: String(name),
        version: toNumber(version),
        digest: String(digest),
        sourceType: String(sourceType) as DatasetSourceType,
        source: String(source),
        schema: JSON.parse(String(schema)) as DatasetColumn[],
        profile: { numRows: toNumber(rowCount) },
      },
      tags: context === null || context === undefined ? [] : [{ key: DATASET_CONTEXT_TAG, value: String(context) }],
    });
    byRun.set(key, inputs);
  }
  for (const run of runs) {
    const inputs = byRun.get(run.info.runId);
    if (inputs) run.inputs = inputs;
  }
  return runs;
}
